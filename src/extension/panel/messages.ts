import { isPanelFixKind } from '../../shared/panelState';
import { type CopyTarget, type MessageOf, type WebviewMessages, type WebviewToHost } from '../../shared/protocol';

const COPY_TARGETS = new Set<CopyTarget>(['verdict', 'fix', 'markdown']);
/** Findings are bounded by the engine; anything beyond this is not an index we produced. */
const MAX_FINDING_INDEX = 10_000;
/** The fix block has a handful of buttons; a larger index is not one the host posted. */
const MAX_FIX_INDEX = 16;

type Raw = Readonly<Record<string, unknown>>;

/** One validator per message type of the protocol: a new message does not compile until it has one. */
const validators: { readonly [K in keyof WebviewMessages]: (raw: Raw) => MessageOf<WebviewMessages, K> | undefined } = {
  ready: () => ({ type: 'ready' }),
  rerun: () => ({ type: 'rerun' }),
  createCaBundle: () => ({ type: 'createCaBundle' }),
  openSettings: () => ({ type: 'openSettings' }),
  export: () => ({ type: 'export' }),
  showTimeline: () => ({ type: 'showTimeline' }),
  confirmClients: () => ({ type: 'confirmClients' }),
  signIn: () => ({ type: 'signIn' }),
  copy: ({ target }) =>
    typeof target === 'string' && COPY_TARGETS.has(target as CopyTarget) ? { type: 'copy', target: target as CopyTarget } : undefined,
  copyFindingFix: ({ index }) =>
    Number.isInteger(index) && (index as number) >= 0 && (index as number) < MAX_FINDING_INDEX
      ? { type: 'copyFindingFix', index: index as number }
      : undefined,
  runFix: ({ index, kind }) =>
    Number.isInteger(index) && (index as number) >= 0 && (index as number) < MAX_FIX_INDEX && isPanelFixKind(kind)
      ? { type: 'runFix', index: index as number, kind }
      : undefined,
};

/**
 * Validates a message from the webview before the host acts on it. The webview renders server-
 * controlled text, so its messages are untrusted: only known types with well-formed fields pass,
 * and they carry no free text (the host takes copied text from its own state).
 */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const message = raw as Raw;
  const type = message.type;
  if (typeof type !== 'string' || !Object.hasOwn(validators, type)) return undefined;
  return validators[type as keyof WebviewMessages](message);
}
