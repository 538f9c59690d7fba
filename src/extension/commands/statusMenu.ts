import { type PickItem } from '../host/ui';
import { type Services } from '../services';
import { COMMANDS } from './ids';

type MenuChoice = { readonly command: string; readonly arg?: { readonly serverId: string } };

/**
 * The status bar menu: "Sign in to X" first for every server whose last check says a sign-in would
 * help (its stored token expired, or it asks for one), each with why, then "Diagnose X" per server.
 */
export async function statusMenuCommand(s: Services): Promise<string | undefined> {
  s.session.markUserActed();
  const servers = s.health.snapshot?.() ?? [];
  const items: PickItem<MenuChoice>[] = [
    ...servers
      .filter((h) => h.signIn)
      .map((h) => ({
        label: `$(key) Sign in to ${h.name}`,
        description: h.url,
        detail: h.signIn,
        value: { command: COMMANDS.signIn, arg: { serverId: h.serverId } },
      })),
    ...servers.map((h) => ({
      label: `$(pulse) Diagnose ${h.name}`,
      description: h.url,
      detail: h.top ? `${h.top.code ? `${h.top.code}: ` : ''}${h.top.title}` : undefined,
      value: { command: COMMANDS.diagnose, arg: { serverId: h.serverId } },
    })),
    { label: '$(search) Diagnose another server or URL…', value: { command: COMMANDS.diagnose } },
  ];
  const choice = await s.ui.pick(items, { title: 'MCP Doctor', placeHolder: 'Sign in where a server needs a token, or diagnose' });
  if (!choice) return undefined;
  await s.executeCommand(choice.command, ...(choice.arg ? [choice.arg] : []));
  return choice.command;
}
