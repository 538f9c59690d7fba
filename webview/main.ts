import './panel.css';
import type { WebviewToHost } from '../src/shared/protocol';
import { ReportApp } from './app';
import { createHost, embeddedState } from './host';

/**
 * Entry point of the report view, both inside VS Code (webview) and in a standalone HTML report.
 * The initial state is embedded in the page as inert JSON, so there is no race with the host.
 * Everything that arrives from outside (embedded, restored, posted) is read once, in the app.
 */
function boot(): void {
  const root = document.getElementById('app');
  if (!root) return;
  const host = createHost();
  const app = new ReportApp(root, host);
  app.load(embeddedState(document) ?? host.restore());
  if (host.standalone) return;
  window.addEventListener('message', (event: MessageEvent<unknown>) => app.receive(event.data));
  host.post({ type: 'ready' } satisfies WebviewToHost);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
