import { type FindingCode } from '../catalog/index';
import { type AuthEvidence } from './auth';
import { type ClientsEvidence } from './clients';
import { type ConfigEvidence } from './config';
import { type DeployEvidence } from './deploy';
import { type HttpEvidence } from './http';
import { type JwtEvidence } from './jwt';
import { type McpEvidence } from './mcp';
import { type NetworkEvidence } from './network';
import { type OauthEvidence } from './oauth';
import { type ProxyEvidence } from './proxy';
import { type ProxyConfigEvidence } from './proxyConfig';
import { type RedirectEvidence } from './redirect';
import { type TlsEvidence } from './tls';
import { type TlsRefusalEvidence } from './tlsRefusal';

/**
 * The evidence each finding code carries, one map per catalog domain (evidence/<domain>.ts beside
 * catalog/<domain>.ts). `makeFinding(code, evidence)` is checked against it, so a probe cannot
 * record a key the code does not declare or leave out one it requires. A new code needs its
 * catalog entry and one line here in the same domain; the check below names any code without one.
 */
export type EvidenceByCode = ConfigEvidence &
  NetworkEvidence &
  TlsEvidence &
  TlsRefusalEvidence &
  ClientsEvidence &
  RedirectEvidence &
  HttpEvidence &
  McpEvidence &
  AuthEvidence &
  OauthEvidence &
  JwtEvidence &
  ProxyEvidence &
  DeployEvidence &
  ProxyConfigEvidence;

/**
 * The evidence of one code. For a union of codes (a probe that picks its code at run time) the
 * evidence must suit every one of them, so picking a code cannot smuggle in a wrong shape.
 */
export type EvidenceOf<C extends FindingCode> = (C extends keyof EvidenceByCode ? (evidence: EvidenceByCode[C]) => void : never) extends (
  evidence: infer E,
) => void
  ? E
  : never;

type WithoutEvidenceType = Exclude<FindingCode, keyof EvidenceByCode>;
type WithoutCatalogEntry = Exclude<keyof EvidenceByCode, FindingCode>;

/** Compile-time: every catalog code has an evidence type and every evidence type a code (the error names the strays). */
export const everyCodeHasEvidence: [WithoutEvidenceType, WithoutCatalogEntry] extends [never, never]
  ? true
  : { readonly codesWithoutEvidenceType: WithoutEvidenceType; readonly evidenceTypesWithoutCode: WithoutCatalogEntry } = true;

export type { CertificateEvidence, RedirectHopEvidence } from './common';
export type { UntrustingClientEvidence } from './tls';
