import { type AcceptedCasEvidence, type ClientCertificateEvidence, type NoProxyClientEvidence, type ProxyRouteEvidence } from './common';

/** The CONNECT answer of the proxy. */
type ConnectAnswerEvidence = ProxyRouteEvidence & { readonly status?: number; readonly statusText?: string };

/** Evidence of each proxy and client-certificate finding (catalog/proxy.ts). */
export type ProxyEvidence = {
  PROXY_PATH: ConnectAnswerEvidence & { readonly target: string; readonly ms: number; readonly strictSsl?: boolean };
  PROXY_UNREACHABLE: ProxyRouteEvidence & {
    readonly errorCode?: string;
    readonly during: 'DNS' | 'TCP connect';
    readonly address: string;
    readonly targetPort?: number;
  };
  PROXY_AUTH_REQUIRED: ConnectAnswerEvidence & { readonly schemes: readonly string[]; readonly sentCredentials?: boolean };
  PROXY_CONNECT_REFUSED: ConnectAnswerEvidence & { readonly bodyExcerpt?: string; readonly errorCode?: string };
  PROXY_TLS_INTERCEPTION: ProxyRouteEvidence & {
    readonly host: string;
    readonly url: string;
    readonly proxyCa?: string;
    readonly trusted: boolean;
    readonly method: string;
    readonly directIssuer?: string;
  };
  PROXY_BYPASSED: {
    readonly host: string;
    readonly entry: string;
    readonly variable: string;
    readonly proxy: string;
    readonly clients: readonly NoProxyClientEvidence[];
    readonly clientsDisagree: boolean;
  };
  PROXY_NO_PROXY_DIFFERS: {
    readonly host: string;
    readonly proxy?: string;
    readonly variable: string;
    readonly value: string;
    readonly clients: readonly NoProxyClientEvidence[];
  };
  PROXY_SETTINGS_DIFFER: { readonly setting: string; readonly settingRoute: string; readonly envRoute: string };
  TLS_CLIENT_CERT_UNUSABLE: { readonly files: string; readonly reason: string; readonly errorCode: string };
  TLS_CLIENT_CERT_REJECTED: ClientCertificateEvidence &
    AcceptedCasEvidence & {
      readonly host: string;
      readonly port: number;
      readonly alert: string;
      readonly chainsToAccepted?: boolean;
    };
  TLS_CLIENT_CERT_ACCEPTED: ClientCertificateEvidence & { readonly host: string; readonly port: number };
};
