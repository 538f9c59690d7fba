/** How bad a finding is. `ok` records a check that passed, so reports can show what was verified. */
export type Severity = 'error' | 'warning' | 'info' | 'ok';

/** The pipeline step a finding belongs to. Steps run in this order. */
export type StepName = 'config' | 'dns' | 'tcp' | 'tls' | 'http' | 'mcp' | 'auth' | 'jwt' | 'proxy' | 'deploy';

/** Structured, JSON-serialisable data behind a finding. Never holds a raw secret. */
export type Evidence = Record<string, unknown>;

/** How one catalog code turns evidence into words. Text is a function of evidence so fixes can be concrete. */
export interface CatalogEntry {
  readonly severity: Severity;
  readonly step: StepName;
  /** A function when the title names something from the evidence (the client: "…a CA that curl does not trust"). */
  readonly title: string | ((ev: Evidence) => string);
  readonly cause: (ev: Evidence) => string;
  readonly fix: (ev: Evidence) => string;
}
