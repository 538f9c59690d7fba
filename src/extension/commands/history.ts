import { formatTimeline } from '../../core/timeline/events';
import { type PickItem } from '../host/ui';
import { type Services } from '../services';

/** "Show Connection Timeline": when each failure began and ended, and certificate changes. */
export async function showTimelineCommand(s: Services, arg?: unknown): Promise<string | undefined> {
  s.session.markUserActed();
  const ids = await s.timeline.servers();
  if (ids.length === 0) {
    void s.ui.info('MCP Doctor: no connection history yet. Diagnose a server, or keep the status bar check on to build one.');
    return undefined;
  }
  const servers = (await s.registry.discover()).servers;
  const nameOf = (id: string) =>
    servers.find((sv) => sv.id === id)?.name ?? s.session.forServer(id)?.server.name ?? id.replace(/^url:/, '');
  const urlOf = (id: string) =>
    servers.find((sv) => sv.id === id)?.url ?? s.session.forServer(id)?.report.target ?? id.replace(/^url:/, '');
  const wanted = typeof arg === 'string' ? arg : serverIdOf(arg);
  let id = wanted !== undefined && ids.includes(wanted) ? wanted : undefined;
  if (!id && ids.length === 1) id = ids[0];
  if (!id) {
    const items: PickItem<string>[] = await Promise.all(
      ids.map(async (sid) => {
        const runs = await s.timeline.runs(sid);
        const last = runs[runs.length - 1];
        return {
          label: nameOf(sid),
          description: urlOf(sid),
          detail: `${runs.length} runs${last ? ` · last ${last.severity} at ${last.at}` : ''}`,
          value: sid,
        };
      }),
    );
    id = await s.ui.pick(items, { title: 'MCP Doctor: show the timeline of which server?' });
  }
  if (!id) return undefined;
  const text = formatTimeline(nameOf(id), urlOf(id), await s.timeline.runs(id), s.now());
  await s.ui.openDocument(text, 'markdown');
  return text;
}

/** The panel passes `{ serverId }` (or `{ url }` for an entered URL, whose id is `url:<href>`). */
function serverIdOf(arg: unknown): string | undefined {
  if (arg === null || typeof arg !== 'object') return undefined;
  const { serverId, url } = arg as { serverId?: unknown; url?: unknown };
  if (typeof serverId === 'string') return serverId;
  return typeof url === 'string' ? `url:${url}` : undefined;
}

/** "Clear History": forgets every server's timeline and this session's reports, after confirming. */
export async function clearHistoryCommand(s: Services): Promise<boolean> {
  s.session.markUserActed();
  const choice = await s.ui.warn('MCP Doctor: clear the connection history of every server? This cannot be undone.', 'Clear History');
  if (choice !== 'Clear History') return false;
  await s.timeline.clear();
  s.session.forgetRuns();
  s.log.info('connection history cleared');
  void s.ui.info('MCP Doctor: connection history cleared.');
  return true;
}
