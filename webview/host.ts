import type { VersionedPanelState, WebviewToHost } from '../src/shared/protocol';

/** What the views need from their surroundings: VS Code's webview API, or nothing (standalone page). */
export interface PanelHost {
  /** True in a standalone HTML report: there is no extension to act on buttons. */
  readonly standalone: boolean;
  post(message: WebviewToHost): void;
  /** Keeps the state across webview reloads (VS Code) so the serializer can restore the panel. */
  persist(state: VersionedPanelState): void;
  /** The state last persisted, unread: it may come from another version of the extension. */
  restore(): unknown;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
  getState(): unknown;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

/** Picks the VS Code host when running inside a webview, else the standalone one. */
export function createHost(): PanelHost {
  if (typeof acquireVsCodeApi === 'function') {
    const api = acquireVsCodeApi();
    return {
      standalone: false,
      post: (message) => api.postMessage(message),
      persist: (state) => api.setState(state),
      restore: () => api.getState() ?? undefined,
    };
  }
  return { standalone: true, post: () => undefined, persist: () => undefined, restore: () => undefined };
}

/** The state the page was rendered with, embedded as inert JSON (no ready race, no inline script); unread. */
export function embeddedState(doc: Document): unknown {
  const node = doc.getElementById('mcp-doctor-state');
  if (!node?.textContent) return undefined;
  try {
    return JSON.parse(node.textContent) as unknown;
  } catch {
    return { unreadable: true };
  }
}
