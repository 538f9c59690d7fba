import { type ConnectionEvidence } from './common';

/** Evidence of each network finding (catalog/network.ts). */
export type NetworkEvidence = {
  NET_DNS_FAILED: { readonly host: string; readonly errorCode?: string };
  NET_CONNECTION_REFUSED: ConnectionEvidence & { readonly address: string; readonly port: number };
  NET_CONNECT_TIMEOUT: ConnectionEvidence & { readonly address: string; readonly port: number };
  NET_UNREACHABLE: ConnectionEvidence & { readonly address: string };
  NET_RESET_BEFORE_RESPONSE: ConnectionEvidence & { readonly address: string; readonly port: number };
  NET_CONNECTION_CLOSED: ConnectionEvidence & { readonly url: string; readonly bytes?: number };
  STEP_TIMEOUT: { readonly step: string; readonly timeoutMs: number; readonly phase?: string };
  INTERNAL_ERROR: { readonly step: string; readonly errorCode?: string; readonly message?: string };
};
