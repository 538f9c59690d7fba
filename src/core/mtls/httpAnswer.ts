import { type Finding } from '../findings/finding';

/** nginx's own 400 pages for `ssl_verify_client on` (it finishes the handshake, then refuses over HTTP). */
const NGINX_CERT_PAGE = /No required SSL certificate was sent|SSL certificate error/i;

/**
 * The server's answer after a finished handshake: an HTML 400 whose title is nginx's client-certificate
 * page means mutual TLS is required (no certificate sent) or the certificate was refused, not "not an MCP endpoint".
 */
export function clientCertPage(findings: readonly Finding[]): Finding | undefined {
  return findings.find(
    (f) => f.code === 'HTTP_NOT_MCP' && f.evidence.status === 400 && NGINX_CERT_PAGE.test(String(f.evidence.pageTitle ?? '')),
  );
}
