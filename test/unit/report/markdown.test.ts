import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { renderMarkdownReport } from '../../../src/core/report/markdown';
import { code, codeCell, fenced, mdText } from '../../../src/core/report/mdText';
import { type DiagnosisReport } from '../../../src/core/diagnose/report';
import { hostileFlow, hostileReport, labReport, signedInFlow, stoppedFlow } from '../webview/fixtures';

// The most permissive renderer a reader might use: raw HTML allowed, bare URLs linkified.
const renderer = new MarkdownIt({ html: true, linkify: true });

test('the Markdown report leads with the verdict and carries chain, trust, redirects, tools and claims', () => {
  const md = renderMarkdownReport(labReport(), { serverName: 'lab', source: '.vscode/mcp.json' });
  const verdict = md.indexOf('## Verdict');
  assert.ok(verdict > 0 && verdict < md.indexOf('## Steps') && md.indexOf('## Steps') < md.indexOf('## Findings'));
  assert.match(md, /\*\*ERROR\*\*: POST https:\/\/localhost:8443\/mcp is redirected/);
  assert.match(md, /```text\nUse https:\/\/localhost:8443\/mcp\/ as the server URL/);
  assert.match(md, /\| 1 \| MCP Doctor Lab Intermediate CA \(intermediate\) \| MCP Doctor Lab Root CA \|/);
  assert.match(md, /\| Python httpx \| \*\*no\*\* \| certifi does not hold the root \| `export SSL_CERT_FILE=\/path\/to\/bundle\.pem` \|/);
  assert.match(
    md,
    /\| `POST https:\/\/localhost:8443\/mcp` \| 301 \| `http:\/\/localhost\/mcp\/` \| scheme, port, trailing-slash, method \|/,
  );
  assert.match(md, /Tools \(3\): `get_customer_info`, `create_support_ticket`, `calculate_account_value`/);
  assert.match(md, /Signature: verified with key `lab-key-1`, `RS256` from `https:\/\/localhost:9443\/jwks`/);
  assert.match(md, /\*\*missing\*\* `mcp:write`/);
  assert.match(md, /\| `exp` \| 2026-05-01T11:00:00\.000Z \(\d+\) \|/);
});

test('hostile server text stays text in rendered Markdown: no tags, links or images', () => {
  const html = renderer.render(renderMarkdownReport(hostileReport()));
  const tags = html.match(/<(img|script|svg|iframe|style|b|object|embed|link)\b[^>]*>/gi) ?? [];
  assert.deepEqual(tags, []);
  assert.ok(!/<[a-z][^>]*\ssrc=/i.test(html), 'no element that loads anything');
  const hrefs = html.match(/href="[^"]*"/g) ?? [];
  assert.deepEqual(
    hrefs.filter((href) => !/^href="https?:\/\//.test(href)),
    [],
    'only plain web links (linkified URLs), never javascript:',
  );
  assert.ok(html.includes('&lt;img src=x onerror='), 'the hostile CN is shown, escaped');
});

test('token-shaped secrets in any field are redacted', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';
  const leaky = { ...labReport(), target: `https://localhost:8443/mcp?access_token=${jwt}` } as DiagnosisReport;
  const md = renderMarkdownReport(leaky, {}, { secrets: ['s3cr3t-client-secret'] });
  assert.ok(!md.includes(jwt));
  assert.ok(
    !renderMarkdownReport(
      { ...labReport(), verdict: { severity: 'error', summary: 'x s3cr3t-client-secret' } } as DiagnosisReport,
      {},
      { secrets: ['s3cr3t-client-secret'] },
    ).includes('s3cr3t-client-secret'),
  );
});

test('escaping helpers: code spans and fences cannot be closed by their content', () => {
  assert.equal(code('a`b'), '``a`b``');
  assert.equal(code('`x`'), '`` `x` ``');
  assert.equal(codeCell('a|b'), '`a\\|b`');
  assert.equal(fenced('```\nx', 'text'), '````text\n```\nx\n````');
  assert.equal(mdText('![x](http://e/p.png) <b>'), '!\\[x\\](http://e/p.png) \\<b\\>');
  assert.equal(new MarkdownIt({ html: true }).renderInline(mdText('![x](http://e/p.png) <b>')), '![x](http://e/p.png) &lt;b&gt;');
});

test('a trust row confirmed by the real client says so; a wrong prediction stands out; a failed hop shows its error', () => {
  const base = labReport();
  const clients = (base.tls?.clients ?? []).map((c, i) =>
    i === 0
      ? {
          ...c,
          confirmed: {
            outcome: 'untrusted' as const,
            program: 'curl (/usr/bin/curl)',
            detail: 'exit 60',
            agrees: !c.trusts,
            durationMs: 40,
          },
        }
      : {
          ...c,
          confirmed: {
            outcome: 'trusted' as const,
            program: 'Node.js (/usr/bin/node)',
            detail: 'handshake verified',
            agrees: c.trusts,
            durationMs: 30,
          },
        },
  );
  const hops = [
    ...(base.redirects ?? []),
    {
      url: 'http://localhost/mcp/',
      method: 'GET',
      status: 0,
      errorCode: 'ECONNREFUSED',
      error: 'connection refused: nothing listens there',
      authorizationSent: false,
      durationMs: 1,
    },
  ];
  const md = renderMarkdownReport({ ...base, tls: { ...base.tls!, clients }, redirects: hops });
  const first = clients[0]!;
  assert.match(
    md,
    new RegExp(
      `\\| ${first.label.replace(/[()./]/g, '\\$&')} \\| (yes|\\*\\*no\\*\\*) \\((confirmed|\\*\\*prediction wrong\\*\\*): curl \\(/usr/bin/curl\\), exit 60\\)`,
    ),
  );
  assert.match(md, /no answer \(ECONNREFUSED: connection refused: nothing listens there\)/);
});

test('a sign-in flow shows in the Markdown report as a readable sequence, and stays text', () => {
  const flow = signedInFlow();
  const md = renderMarkdownReport(labReport(), { serverName: 'lab' }, {}, flow);
  const at = md.indexOf('## Sign-in flow');
  assert.ok(at > md.indexOf('## Findings'), 'after the findings of the diagnosis made with the token');
  assert.match(md, /\*\*Signed in\*\*: tools\/list returned 3 tools/);
  assert.match(md, /1900 ms in all: 360 ms of exchanges, 1479 ms in the browser/);
  assert.match(
    md,
    /\| ✓ \| challenge \| POST `http:\/\/127\.0\.0\.1:\d+\/mcp\/` \| 401 \| 401 Bearer scope="mcp:tools" with resource\\_metadata \|/,
  );
  assert.match(
    md,
    /\| ✓ \| token \| POST `http:\/\/127\.0\.0\.1:\d+\/token` \| 200 \| Bearer token for .*with a refresh token \(JWT_VERIFIED\) \|/,
  );
  assert.equal(md.split('\n').filter((line) => /^\| [✓✗] \|/.test(line)).length, flow.report.exchanges.length);
  const stopped = renderMarkdownReport(labReport(), {}, {}, stoppedFlow());
  assert.match(stopped, /\*\*Stopped at step "registration"\.\*\*[\s\S]*### Findings of the sign-in[\s\S]*#### OAUTH_NO_REGISTRATION/);
  const html = renderer.render(renderMarkdownReport(labReport(), {}, {}, hostileFlow()));
  assert.deepEqual(html.match(/<(img|script|iframe)\b[^>]*>/gi) ?? [], []);
});
