import { type Finding } from '../../core/findings/finding';
import { headline, STATUS_WORD, whereDefined } from './describe';
import { type CheckOutcome } from './outcome';

/**
 * JUnit XML (the Surefire/Jenkins shape CI systems read): one test case per server, named after it
 * and its file; a failed server is a <failure> whose message is the verdict and whose body lists
 * the findings; a server that could not be authenticated is <skipped> with the reason.
 */
export function renderJunit(outcomes: readonly CheckOutcome[], totalMs: number, cwd: string, timestamp: string): string {
  const failures = outcomes.filter((o) => o.status === 'failed').length;
  const skipped = outcomes.filter((o) => o.status === 'unauthenticated' || o.status === 'cancelled').length;
  const counts = `tests="${outcomes.length}" failures="${failures}" errors="0"`;
  const cases = outcomes.map((o) => testCase(o, cwd)).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="mcp-doctor check" ${counts} time="${secs(totalMs)}">\n` +
    `  <testsuite name="mcp-doctor check" ${counts} skipped="${skipped}" time="${secs(totalMs)}" timestamp="${xml(timestamp)}">\n` +
    cases +
    '  </testsuite>\n</testsuites>\n'
  );
}

function testCase(o: CheckOutcome, cwd: string): string {
  const open = `    <testcase name="${xml(o.name)}" classname="${xml(whereDefined(o, cwd))}" time="${secs(o.durationMs)}"`;
  const findings = o.report ? findingsText(o.report.findings) : '';
  const out = `      <system-out>${xmlText(`${o.url}\n${findings}`)}</system-out>\n`;
  if (o.status === 'failed') {
    const code = o.report?.verdict.code ?? 'ERROR';
    return `${open}>\n      <failure type="${xml(code)}" message="${xml(headline(o))}">${xmlText(findings)}</failure>\n${out}    </testcase>\n`;
  }
  if (o.status === 'unauthenticated' || o.status === 'cancelled') {
    return `${open}>\n      <skipped message="${xml(skipMessage(o))}"/>\n${out}    </testcase>\n`;
  }
  return `${open}>\n${out}    </testcase>\n`;
}

/** The findings worst first, each with its fix: what the reader of a failed CI job needs. */
function findingsText(findings: readonly Finding[]): string {
  return findings
    .filter((f) => f.severity !== 'ok')
    .map((f) => `[${f.severity}] ${f.code}: ${f.title}\n  ${f.cause}\n  Fix: ${f.fix}\n`)
    .join('');
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * Element content for XML 1.0: markup escaped, and characters XML 1.0 cannot carry at all
 * (controls other than tab/newline/CR, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD.
 */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** An attribute value: also quotes, and whitespace as references (a parser would fold raw newlines to spaces). */
export function xml(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** Why a server was skipped; an unauthenticated server's headline already starts with its reason. */
function skipMessage(o: CheckOutcome): string {
  const line = headline(o);
  return line.startsWith(STATUS_WORD[o.status]) ? line : `${STATUS_WORD[o.status]}: ${line}`;
}
