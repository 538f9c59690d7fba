import { type DiagnosisReport } from '../core/diagnose/report';
import { type TokenVerification } from '../core/jwt/types';
import { type TimelineRun } from '../core/timeline/timeline';
import { type SignInFlow } from '../shared/protocol';
import { type LogSink } from './host/log';
import { type Ui } from './host/ui';

/** Where the shown report came from. Structurally compatible with `PanelContext` in src/shared/protocol.ts. */
export interface PresentationContext {
  /** Stable server id (timeline key, re-run target); absent for an ad-hoc URL. */
  readonly serverId?: string;
  readonly serverName?: string;
  /** Where the server is configured, e.g. "/work/.vscode/mcp.json" or "settings". */
  readonly source?: string;
  /** Past runs of this server, oldest first. */
  readonly timeline?: readonly TimelineRun[];
}

/**
 * How a finished diagnosis is shown. The report panel (src/extension/panel) implements it; until
 * then {@link NotificationPresenter} shows the verdict as a notification with the details a click away.
 * Reports handed to a presenter are already redacted.
 */
export interface ReportPresenter {
  show(report: DiagnosisReport, context: PresentationContext): void | Promise<void>;
  /** A decoded/verified token ("Inspect JWT from Clipboard"). Optional: falls back to a Markdown document. */
  showToken?(inspection: TokenVerification, context: PresentationContext): void | Promise<void>;
  /**
   * A sign-in (its exchanges and findings, redacted), with the diagnosis run with its token when it
   * got one. Optional: without it the flow opens as a Markdown document.
   */
  showSignIn?(flow: SignInFlow, context: PresentationContext, report?: DiagnosisReport): void | Promise<void>;
  /** A step of a running diagnosis started or ended (the panel shows a re-run's progress). Optional. */
  progress?(event: DiagnosisProgress, context: PresentationContext): void;
}

/** One step of a diagnosis in progress, for a presenter that shows it. */
export interface DiagnosisProgress {
  /** The URL being diagnosed. */
  readonly target: string;
  readonly step: string;
  readonly label?: string;
  readonly phase: 'start' | 'end';
}

const SHOW_DETAILS = 'Show Details';
const EXPORT = 'Export…';

/** Fallback presenter: verdict notification, "Show Details" opens the Markdown report. */
export class NotificationPresenter implements ReportPresenter {
  constructor(
    private readonly ui: Ui,
    private readonly log: LogSink,
    private readonly exportReport: (report: DiagnosisReport) => Promise<void>,
  ) {}

  /** Returns once the notification is up; the user's choice is handled in the background. */
  show(report: DiagnosisReport, context: PresentationContext): void {
    const who = context.serverName ?? report.target;
    const message = `MCP Doctor — ${who}: ${report.verdict.summary}${report.verdict.fix ? ` Fix: ${report.verdict.fix}` : ''}`;
    const notify =
      report.verdict.severity === 'error' ? this.ui.error : report.verdict.severity === 'warning' ? this.ui.warn : this.ui.info;
    const choice = notify.call(this.ui, message, SHOW_DETAILS, EXPORT);
    void choice
      .then(async (picked) => {
        if (picked === SHOW_DETAILS) {
          const { renderMarkdownReport } = await import('../core/report/markdown');
          await this.ui.openDocument(renderMarkdownReport(report, context), 'markdown');
        } else if (picked === EXPORT) await this.exportReport(report);
      })
      .catch((err: unknown) => this.log.error(`showing the report failed: ${err instanceof Error ? err.message : String(err)}`));
  }
}
