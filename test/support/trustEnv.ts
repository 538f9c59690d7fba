/**
 * A child process's whole environment with every trust variable set, to nothing: this machine presets
 * NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, SSL_CERT_DIR, REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE to the OS
 * bundle, and a test must say what its clients trust. Spread it and set the one a case needs.
 */
export const EMPTY_TRUST_ENV = {
  PATH: process.env.PATH ?? '',
  NODE_EXTRA_CA_CERTS: '',
  SSL_CERT_FILE: '',
  SSL_CERT_DIR: '',
  REQUESTS_CA_BUNDLE: '',
  CURL_CA_BUNDLE: '',
};
