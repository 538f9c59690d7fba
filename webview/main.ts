import type { HostToWebview } from '../src/shared/protocol';

/** Entry point of the report panel; rendering arrives with the report panel work. */
window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  if (event.data?.type === 'state') document.body.dataset.loaded = 'true';
});
