/**
 * Command ids: stable public API (keybindings, the panel, e2e tests and docs use them). The
 * manifest's `contributes.commands` must list exactly these; a unit test checks it.
 */
export const COMMANDS = {
  diagnose: 'mcpDoctor.diagnose',
  inspectJwtFromClipboard: 'mcpDoctor.inspectJwtFromClipboard',
  verifyJwtAtCursor: 'mcpDoctor.verifyJwtAtCursor',
  showTimeline: 'mcpDoctor.showTimeline',
  exportReport: 'mcpDoctor.exportReport',
  createCaBundle: 'mcpDoctor.createCaBundle',
  confirmClients: 'mcpDoctor.confirmClients',
  setToken: 'mcpDoctor.setToken',
  signIn: 'mcpDoctor.signIn',
  setClientCertPassphrase: 'mcpDoctor.setClientCertPassphrase',
  clearHistory: 'mcpDoctor.clearHistory',
  showLog: 'mcpDoctor.showLog',
  checkStreams: 'mcpDoctor.checkStreams',
  diagnoseAll: 'mcpDoctor.diagnoseAll',
  openServerReport: 'mcpDoctor.openServerReport',
  openServerDefinition: 'mcpDoctor.openServerDefinition',
  statusMenu: 'mcpDoctor.statusMenu',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
