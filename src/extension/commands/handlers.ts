import { type Services } from '../services';
import { createCaBundleCommand } from './caBundle';
import { confirmClientsCommand } from './confirmClients';
import { checkStreamsCommand } from './checkStreams';
import { diagnoseCommand } from './diagnose';
import { exportCommand } from './export';
import { guarded } from './guard';
import { clearHistoryCommand, showTimelineCommand } from './history';
import { COMMANDS, type CommandId } from './ids';
import { diagnoseAllCommand, openServerDefinitionCommand, openServerReportCommand } from './serverActions';
import { setClientCertPassphraseCommand } from './setClientCertPassphrase';
import { setTokenCommand } from './setToken';
import { signInCommand } from './signIn';
import { statusMenuCommand } from './statusMenu';
import { inspectClipboardCommand, verifyAtCursorCommand } from './token';

/** Every command's handler, keyed by id (a unit test checks this matches the manifest). */
export function commandHandlers(s: Services, showLog: () => void): Record<CommandId, (...args: unknown[]) => Promise<unknown>> {
  return {
    [COMMANDS.diagnose]: guarded(s, 'Diagnose MCP Server', (arg?: unknown) => diagnoseCommand(s, arg)),
    [COMMANDS.inspectJwtFromClipboard]: guarded(s, 'Inspect JWT from Clipboard', () => inspectClipboardCommand(s)),
    [COMMANDS.verifyJwtAtCursor]: guarded(s, 'Verify JWT at Cursor', () => verifyAtCursorCommand(s)),
    [COMMANDS.showTimeline]: guarded(s, 'Show Connection Timeline', (arg?: unknown) => showTimelineCommand(s, arg)),
    [COMMANDS.exportReport]: guarded(s, 'Export Diagnosis Report', (arg?: unknown) => exportCommand(s, arg)),
    [COMMANDS.createCaBundle]: guarded(s, 'Create CA Bundle', (arg?: unknown) => createCaBundleCommand(s, arg)),
    [COMMANDS.confirmClients]: guarded(s, 'Confirm with Installed Clients', (arg?: unknown) => confirmClientsCommand(s, arg)),
    [COMMANDS.setToken]: guarded(s, 'Set Token for Server', (arg?: unknown) => setTokenCommand(s, arg)),
    [COMMANDS.signIn]: guarded(s, 'Sign In to MCP Server', (arg?: unknown) => signInCommand(s, arg)),
    [COMMANDS.setClientCertPassphrase]: guarded(s, 'Set Client Certificate Passphrase', (arg?: unknown) =>
      setClientCertPassphraseCommand(s, arg),
    ),
    [COMMANDS.clearHistory]: guarded(s, 'Clear History', () => clearHistoryCommand(s)),
    [COMMANDS.showLog]: guarded(s, 'Show Log', async () => showLog()),
    [COMMANDS.checkStreams]: guarded(s, 'Check Streams and Timeouts', (arg?: unknown) => checkStreamsCommand(s, arg)),
    [COMMANDS.diagnoseAll]: guarded(s, 'Diagnose All', () => diagnoseAllCommand(s)),
    [COMMANDS.openServerReport]: guarded(s, 'Open Report', (arg?: unknown) => openServerReportCommand(s, arg)),
    [COMMANDS.openServerDefinition]: guarded(s, 'Open Server Definition', (arg?: unknown) => openServerDefinitionCommand(s, arg)),
    [COMMANDS.statusMenu]: guarded(s, 'Server Status and Sign-In', () => statusMenuCommand(s)),
  };
}
