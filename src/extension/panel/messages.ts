import { type CopyTarget, type WebviewToHost } from '../../shared/protocol';

const SIMPLE = new Set(['ready', 'rerun', 'createCaBundle', 'openSettings', 'export', 'showTimeline', 'confirmClients']);
const COPY_TARGETS = new Set<CopyTarget>(['verdict', 'fix', 'markdown']);
/** Findings are bounded by the engine; anything beyond this is not an index we produced. */
const MAX_FINDING_INDEX = 10_000;

/**
 * Validates a message from the webview before the host acts on it. The webview renders server-
 * controlled text, so its messages are untrusted: only known types with well-formed fields pass,
 * and they carry no free text (the host takes copied text from its own state).
 */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const message = raw as Record<string, unknown>;
  const type = message.type;
  if (typeof type !== 'string') return undefined;
  if (SIMPLE.has(type)) return { type } as WebviewToHost;
  if (type === 'copy') {
    const target = message.target;
    return typeof target === 'string' && COPY_TARGETS.has(target as CopyTarget) ? { type, target: target as CopyTarget } : undefined;
  }
  if (type === 'copyFindingFix') {
    const index = message.index;
    return Number.isInteger(index) && (index as number) >= 0 && (index as number) < MAX_FINDING_INDEX ? { type, index: index as number } : undefined;
  }
  return undefined;
}
