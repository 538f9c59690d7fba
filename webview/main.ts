import './panel.css';
import type { HostToWebview } from '../src/shared/protocol';
import { ReportApp } from './app';
import { createHost, embeddedState } from './host';

/**
 * Entry point of the report view, both inside VS Code (webview) and in a standalone HTML report.
 * The initial state is embedded in the page as inert JSON, so there is no race with the host.
 */
function boot(): void {
  const root = document.getElementById('app');
  if (!root) return;
  const host = createHost();
  const app = new ReportApp(root, host);
  app.show(embeddedState(document) ?? host.restore() ?? {});
  if (host.standalone) return;
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') app.receive(data as HostToWebview);
  });
  host.post({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
