/**
 * What one Quick Fix of an mcp.json entry does, as plain data: its title, the text edit (if any) and
 * the command to run after it. The lightbulb (vscodeProblems.ts) and the report panel's fix block
 * (panelFixes.ts) both turn this one plan into VS Code calls, so they cannot drift apart. Plain code.
 */
import { COMMANDS } from '../commands/ids';
import { type ProblemAction, type ServerProblem } from './mcpJsonProblem';
import { type TextEdit } from './nginxQuickFix';

/**
 * Internal (not in the manifest): saves the file a Quick Fix edited, then diagnoses again, because
 * discovery reads the saved file. Arguments: the file's Uri, the server id.
 */
export const SAVE_AND_DIAGNOSE = 'mcpDoctor.internal.saveAndDiagnose';
/** Internal: Create CA Bundle…, then the entry's env points Node and Python at the saved bundle. Arguments: the file's Uri, the problem. */
export const CA_BUNDLE_INTO_ENV = 'mcpDoctor.internal.caBundleIntoEnv';

export interface FixPlan {
  readonly title: string;
  readonly preferred: boolean;
  /** Edits to the entry's file (offsets in its text): applied as one undoable WorkspaceEdit. */
  readonly edits: readonly TextEdit[];
  /** Run after the edit. `withFile`: the file's Uri goes before `args` (the internal commands take it first). */
  readonly command: { readonly id: string; readonly withFile: boolean; readonly args: readonly unknown[] };
}

export function planFix(problem: ServerProblem, action: ProblemAction): FixPlan {
  const run = (id: string, args: readonly unknown[] = [problem.serverId], withFile = false) => ({ id, withFile, args });
  const plan = (title: string, command: FixPlan['command']): FixPlan => ({ title, preferred: false, edits: [], command });
  switch (action.kind) {
    case 'use-url':
      return {
        title: `Use ${action.url}`,
        preferred: true,
        edits: [{ title: `Use ${action.url}`, start: problem.start, end: problem.end, text: JSON.stringify(action.url) }],
        // Save and diagnose again once the edit is in, so the squiggle follows the new URL.
        command: run(SAVE_AND_DIAGNOSE, [problem.serverId], true),
      };
    case 'ca-bundle':
      return plan('Create CA bundle…', run(COMMANDS.createCaBundle));
    case 'ca-bundle-env':
      return plan(
        "Create CA bundle and set NODE_EXTRA_CA_CERTS / SSL_CERT_FILE in this entry's env…",
        run(CA_BUNDLE_INTO_ENV, [problem], true),
      );
    case 'set-token':
      return plan('Set token…', run(COMMANDS.setToken));
    case 'sign-in':
      return plan('Sign in…', run(COMMANDS.signIn));
    case 'diagnose':
      return plan('Diagnose again', run(COMMANDS.diagnose));
  }
}
