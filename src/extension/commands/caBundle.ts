import { type Services } from '../services';

/**
 * "Create CA Bundle…". The bundle engine (src/core/tls) has no `createCaBundle` export yet, so the
 * command says so plainly instead of failing; it is wired here once the engine lands.
 */
export async function createCaBundleCommand(s: Services): Promise<void> {
  s.session.markUserActed();
  s.log.info('Create CA Bundle requested: not available in this build yet');
  void s.ui.info('MCP Doctor: "Create CA Bundle…" is not available in this build yet. Until it is, the diagnosis report names the CA file to trust and the NODE_EXTRA_CA_CERTS / SSL_CERT_FILE lines to set.');
}
