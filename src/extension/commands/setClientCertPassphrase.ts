import { type Services } from '../services';
import { clientCertPassphraseKey } from '../network';
import { chooseServer, type DiagnoseArg } from './diagnose';

/**
 * "Set Client Certificate Passphrase…": stores the passphrase of a server's client key (or PKCS#12
 * file) in VS Code's SecretStorage, never in settings. An empty value removes it.
 */
export async function setClientCertPassphraseCommand(s: Services, arg?: unknown): Promise<'stored' | 'removed' | undefined> {
  s.session.markUserActed();
  const server = await chooseServer(s, arg as DiagnoseArg, 'MCP Doctor: Set Client Certificate Passphrase…');
  if (!server) return undefined;
  const value = await s.ui.input({
    title: `MCP Doctor: client certificate passphrase for ${server.name}`,
    prompt:
      "Passphrase of the key set in clientKeyFile or clientPfxFile. Stored only in VS Code's secret storage. Leave empty to remove it.",
    password: true,
  });
  if (value === undefined) return undefined;
  if (value === '') {
    await s.secrets.delete(clientCertPassphraseKey(server.id));
    void s.ui.info(`MCP Doctor: client certificate passphrase for ${server.name} removed.`);
    return 'removed';
  }
  s.knownSecrets.add(value);
  await s.secrets.store(clientCertPassphraseKey(server.id), value);
  const note = server.clientCert ? '' : ' Note: this server has no clientCertFile/clientKeyFile or clientPfxFile in mcpDoctor.servers yet.';
  void s.ui.info(`MCP Doctor: client certificate passphrase for ${server.name} stored in secret storage.${note}`);
  return 'stored';
}
