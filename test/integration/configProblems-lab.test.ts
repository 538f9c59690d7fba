// Issue 18's must-hold in engine terms, on the incident lab: the redirect shows on the mcp.json
// entry's `url` value; its Quick Fix (the URL the report computed), applied to the file text and
// discovered again, gives a diagnosis without errors when the client trusts the CA. The nginx
// Quick Fixes applied to the lab's incident config keep it valid for `nginx -t` and clear their findings.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { discoverServers } from '../../src/core/discovery/discover';
import { type DiscoveredServer } from '../../src/core/discovery/types';
import { problemFor } from '../../src/extension/problems/mcpJsonProblem';
import { nginxQuickFix } from '../../src/extension/problems/nginxQuickFix';
import { startLab } from '../lab/index';
import { codes } from '../support/findings';
import { nginxTest } from '../support/nginxRun';
import { requires } from '../support/requires';
import { EMPTY_TRUST_ENV } from '../support/trustEnv';

const MCP_JSON = '/ws/.vscode/mcp.json';

/** A workspace mcp.json as people write it: comments, another server, the lab entry. */
function mcpJson(url: string): string {
  return `{
  // the team's MCP servers
  "servers": {
    "local-stdio": { "command": "node", "args": ["server.js"] },
    "lab": { "type": "http", "url": "${url}", "headers": { "X-Team": "a" } },
  },
}
`;
}

function discovered(text: string): DiscoveredServer {
  const result = discoverServers(undefined, [{ file: { kind: 'vscode-workspace', path: MCP_JSON, workspaceFolder: '/ws' }, text }], {
    env: {},
  });
  const server = result.servers.find((s) => s.name === 'lab');
  assert.ok(server, JSON.stringify(result.diagnostics));
  return server;
}

describe('problems and Quick Fixes on the incident lab', { skip: requires('nginx'), concurrency: false }, () => {
  // The lab CA is given to Node (caFiles), so Node's view leads (--client node), as for a Node client.
  test('the redirect is a problem on the url value; "Use <corrected URL>" then diagnoses without errors', async () => {
    const lab = await startLab({ scenario: 'default', front: 'nginx' });
    try {
      const text = mcpJson(lab.url);
      const server = discovered(text);
      const report = await diagnose({
        url: server.url,
        caFiles: [lab.caFile],
        client: 'node',
        env: EMPTY_TRUST_ENV,
        auth: { authProbes: false },
        timeoutMs: 8000,
      });
      assert.ok(codes(report).includes('REDIRECT_SCHEME_DOWNGRADE'));
      const problem = problemFor(server, report, text);
      assert.ok(problem, 'a problem on the entry');
      assert.equal(problem.severity, 'error');
      assert.equal(text.slice(problem.start, problem.end), JSON.stringify(lab.url), 'the squiggle covers the url value');
      assert.equal(problem.code, report.verdict.code);
      const use = problem.actions.find((a) => a.kind === 'use-url');
      assert.deepEqual(use, { kind: 'use-url', url: lab.correctedUrl });
      assert.equal(problem.actions.at(-1)?.kind, 'diagnose');

      const fixed = text.slice(0, problem.start) + JSON.stringify(use.url) + text.slice(problem.end);
      const again = discovered(fixed);
      assert.equal(again.url, lab.correctedUrl);
      const after = await diagnose({
        url: again.url,
        caFiles: [lab.caFile],
        client: 'node',
        env: EMPTY_TRUST_ENV,
        auth: { authProbes: false },
        timeoutMs: 8000,
      });
      assert.deepEqual(
        after.findings.filter((f) => f.severity === 'error').map((f) => f.code),
        [],
      );
      // The redirect problem is gone; what may remain is that other clients on this machine lack the
      // lab CA (TLS_TRUST_DIFFERS, a warning), which no URL edit can fix.
      const remaining = problemFor(again, after, fixed);
      assert.ok(
        !remaining ||
          (remaining.severity === 'warning' &&
            !remaining.code?.startsWith('REDIRECT_') &&
            !remaining.actions.some((a) => a.kind === 'use-url')),
        JSON.stringify(remaining?.code),
      );

      // Without the CA the first problem also offers the CA bundle.
      const untrusted = await diagnose({ url: server.url, env: EMPTY_TRUST_ENV, auth: { authProbes: false }, timeoutMs: 8000 });
      assert.ok(problemFor(server, untrusted, text)?.actions.some((a) => a.kind === 'ca-bundle'));
    } finally {
      await lab.stop();
    }
  });

  test('nginx Quick Fixes on the incident config: nginx -t accepts the result, and the static findings they answer are gone', async () => {
    const lab = await startLab({ scenario: 'default', front: 'nginx' });
    try {
      const conf = join(lab.dir, 'nginx.conf');
      const before = await diagnose({
        url: lab.url,
        caFiles: [lab.caFile],
        proxyConfigFiles: [conf],
        env: EMPTY_TRUST_ENV,
        auth: { authProbes: false },
        timeoutMs: 8000,
      });
      const targets = (before.configLocations ?? []).filter(
        (l) => l.code === 'NGINX_HOST_WITHOUT_PORT' || l.code === 'NGINX_NO_FORWARDED_PROTO',
      );
      assert.equal(targets.length, 2, JSON.stringify(before.configLocations));
      // Apply the edits from the last one in the file backwards, as an editor's edits stay valid.
      let text = readFileSync(conf, 'utf8');
      const offsetOf = (line: number, column: number) =>
        text
          .split('\n')
          .slice(0, line - 1)
          .reduce((n, l) => n + l.length + 1, 0) +
        column -
        1;
      const edits = targets.map((l) => nginxQuickFix(l.code, l.directive, text, offsetOf(l.line, l.column)));
      for (const edit of edits.sort((a, b) => (b?.start ?? 0) - (a?.start ?? 0))) {
        assert.ok(edit);
        text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      }
      writeFileSync(conf, text);
      const checked = await nginxTest(lab.dir, conf);
      assert.ok(checked.ok, checked.output);
      const after = await diagnose({
        url: lab.url,
        caFiles: [lab.caFile],
        proxyConfigFiles: [conf],
        env: EMPTY_TRUST_ENV,
        auth: { authProbes: false },
        timeoutMs: 8000,
      });
      const left = codes(after);
      assert.ok(!left.includes('NGINX_HOST_WITHOUT_PORT') && !left.includes('NGINX_NO_FORWARDED_PROTO'), left.join(', '));
    } finally {
      await lab.stop();
    }
  });
});
