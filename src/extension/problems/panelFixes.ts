/**
 * The report panel's fix block: the same Quick Fixes the mcp.json entry offers in the editor, as
 * buttons. The list comes from the panel's own report and the entry's file (problemFor, the one
 * source of the Quick Fixes); a button press names only an index and a kind, and the host derives
 * the fix again from its report and the file as they are now. Plain code: VS Code comes in as a FixHost.
 */
import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DiscoveredServer } from '../../core/discovery/types';
import { type PanelFix, type PanelFixKind } from '../../shared/protocol';
import { type FixPlan, planFix } from './fixPlan';
import { type ProblemAction, problemFor, type ServerProblem } from './mcpJsonProblem';

/** The panel's fix kinds are exactly the Quick Fixes' kinds (a new one fails to compile until both have it). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const kindsAgree: Same<ProblemAction['kind'], PanelFixKind> = true;
void kindsAgree;

export interface FixHost {
  /** The configured server with this id, as discovery sees it now. */
  server(serverId: string): Promise<DiscoveredServer | undefined>;
  /** The file's current text (an open editor's, unsaved edits included); undefined when it cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /** Applies the plan's edits to the file as one undoable edit, then runs its command; false when the edit was refused. */
  apply(path: string, plan: FixPlan): Promise<boolean>;
}

/** `stale`: the file or report no longer offers that fix at that index (the file changed since the panel rendered). */
export type FixOutcome = 'done' | 'stale' | 'refused';

export interface PanelFixes {
  /** The fix-block buttons for this report of this server; none when the server is not from a file or nothing is wrong. */
  list(serverId: string, report: DiagnosisReport): Promise<readonly PanelFix[]>;
  run(serverId: string, report: DiagnosisReport, fix: { readonly index: number; readonly kind: PanelFixKind }): Promise<FixOutcome>;
}

export function panelFixes(host: FixHost): PanelFixes {
  const problemOf = async (serverId: string, report: DiagnosisReport): Promise<ServerProblem | undefined> => {
    const server = await host.server(serverId);
    const path = server?.source.path;
    const text = path === undefined ? undefined : await host.readText(path);
    return server && text !== undefined ? problemFor(server, report, text) : undefined;
  };
  return {
    async list(serverId, report) {
      const problem = await problemOf(serverId, report);
      return problem ? problem.actions.map((action) => ({ kind: action.kind, title: planFix(problem, action).title })) : [];
    },
    async run(serverId, report, { index, kind }) {
      const problem = await problemOf(serverId, report);
      const action = problem?.actions[index];
      if (!problem || action?.kind !== kind) return 'stale';
      return (await host.apply(problem.path, planFix(problem, action))) ? 'done' : 'refused';
    },
  };
}
