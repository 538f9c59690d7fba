import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { request } from 'undici';
import { type Lab, startLab } from '../lab/index';
import { fetchVia, trustingAgent } from '../lab/trust';
import { requires } from '../support/requires';

const skip = requires('nginx');
const options = { skip, timeout: 20_000 };
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'lab-test', version: '1' } },
});

async function withLab(scenario: Parameters<typeof startLab>[0], body: (lab: Lab) => Promise<void>): Promise<void> {
  const lab = await startLab(scenario);
  try {
    await body(lab);
  } finally {
    await lab.stop();
  }
}

/** A raw POST initialize that never follows redirects; `ca` undefined = Node's default roots. */
async function postInitialize(url: string, ca: string | undefined, token?: string) {
  const agent = ca ? trustingAgent(ca) : undefined;
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await request(url, { method: 'POST', headers, body: INITIALIZE, ...(agent ? { dispatcher: agent } : {}) });
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
  } finally {
    await agent?.destroy();
  }
}

test('healthy lab: the SDK client connects to lab.url with a minted token and lists the three tools', options, async () => {
  await withLab({ scenario: 'healthy' }, async (lab) => {
    const agent = trustingAgent(lab.caPem);
    const token = await lab.mintToken();
    const transport = new StreamableHTTPClientTransport(new URL(lab.url), {
      fetch: fetchVia(agent),
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: 'lab-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['calculate_account_value', 'create_support_ticket', 'get_customer_info']);
      const result = await client.callTool({ name: 'calculate_account_value', arguments: { customerId: 'C-1002', months: 14 } });
      assert.deepEqual(JSON.parse((result.content as Array<{ text: string }>)[0].text), {
        customerId: 'C-1002',
        months: 14,
        currency: 'USD',
        value: 627.2,
      });
    } finally {
      await client.close();
      // destroy, not close: close() would wait for the SDK's long-lived GET (SSE) stream to end.
      await agent.destroy();
    }
  });
});

test(
  'healthy lab: tokens are RS256 JWTs from the AS for the MCP resource, and missing tokens or scopes are challenged',
  options,
  async () => {
    await withLab({ scenario: 'healthy' }, async (lab) => {
      const token = await lab.mintToken({ scopes: ['mcp:tools'], expiresInSec: 90 });
      const [header, claims] = token
        .split('.')
        .slice(0, 2)
        .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
      assert.equal(header.alg, 'RS256');
      assert.equal(claims.iss, lab.issuer);
      assert.equal(claims.aud, lab.resource);
      assert.equal(claims.scope, 'mcp:tools');
      assert.equal(claims.exp - claims.iat, 90);

      const anonymous = await postInitialize(lab.url, lab.caPem);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers['www-authenticate'], `Bearer scope="mcp:tools", resource_metadata="${lab.resourceMetadataUrl}"`);
      const agent = trustingAgent(lab.caPem);
      const prm = (await fetchVia(agent)(lab.resourceMetadataUrl).then((r) => r.json())) as {
        resource: string;
        authorization_servers: string[];
      };
      await agent.destroy();
      assert.equal(prm.resource, lab.resource);
      assert.deepEqual(prm.authorization_servers, [lab.issuer]);

      const noScope = await postInitialize(lab.url, lab.caPem, await lab.mintToken({ scopes: ['customers:read'] }));
      assert.equal(noScope.status, 403);
      assert.match(
        String(noScope.headers['www-authenticate']),
        /^Bearer error="insufficient_scope", .*scope="mcp:tools", resource_metadata="/,
      );
    });
  },
);

test('healthy lab: unknown sessions get 404, and a tool call without the tool scope gets 403 naming that scope', options, async () => {
  await withLab({ scenario: 'healthy' }, async (lab) => {
    const token = await lab.mintToken({ scopes: ['mcp:tools'] });
    const agent = trustingAgent(lab.caPem);
    const post = async (body: string, sessionId?: string) => {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${token}`,
      };
      if (sessionId) Object.assign(headers, { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' });
      const res = await request(lab.url, { method: 'POST', headers, body, dispatcher: agent });
      await res.body.dump();
      return res;
    };
    try {
      const init = await post(INITIALIZE);
      const sessionId = String(init.headers['mcp-session-id']);
      assert.equal(init.statusCode, 200);
      const call = JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'get_customer_info', arguments: { customerId: 'C-1001' } },
      });
      const forbidden = await post(call, sessionId);
      assert.equal(forbidden.statusCode, 403);
      assert.match(String(forbidden.headers['www-authenticate']), /error="insufficient_scope", .*scope="customers:read"/);
      const list = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' });
      assert.equal((await post(list, sessionId)).statusCode, 200);
      assert.equal((await post(list, 'no-such-session')).statusCode, 404);
    } finally {
      await agent.destroy();
    }
  });
});

test(
  'default scenario: POST lab.url is answered 307 -> http://localhost/mcp/ and the chain is not trusted by default',
  options,
  async () => {
    await withLab({ scenario: 'default' }, async (lab) => {
      const trusted = await postInitialize(lab.url, lab.caPem, await lab.mintToken());
      assert.equal(trusted.status, 307);
      assert.equal(trusted.headers.location, 'http://localhost/mcp/');
      const corrected = await postInitialize(lab.correctedUrl, lab.caPem, await lab.mintToken());
      assert.equal(corrected.status, 200);
      await assert.rejects(
        postInitialize(lab.url, undefined),
        (err: Error & { code?: string }) => err.code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      );
    });
  },
);

test('crash-on-startup: the server refused to start without MCP_JWT_ISSUER and lab.url resets the connection', options, async () => {
  await withLab({ scenario: 'crash-on-startup' }, async (lab) => {
    assert.match(lab.startupError ?? '', /MCP_JWT_ISSUER is required/);
    assert.equal(lab.nginxPid, undefined);
    await assert.rejects(postInitialize(lab.url, lab.caPem), (err: Error & { code?: string }) => err.code === 'ECONNRESET');
  });
});

test('stop() leaves no nginx process and no temp directory', options, async () => {
  const lab = await startLab({ scenario: 'healthy' });
  let pids: number[] = [];
  try {
    const master = lab.nginxPid;
    assert.ok(master && alive(master), 'nginx master runs while the lab is up');
    pids = [master, ...(await workersOf(master))];
    assert.ok(pids.length >= 2, 'nginx forked a worker');
  } finally {
    await lab.stop();
  }
  assert.deepEqual(pids.filter(alive), []);
  assert.throws(() => readdirSync(lab.dir), { code: 'ENOENT' });
  await lab.stop();
});

/** The master writes its pid file (lab readiness) just before forking workers: poll briefly. */
async function workersOf(master: number): Promise<number[]> {
  for (let i = 0; i < 100; i++) {
    const workers = childrenOf(master);
    if (workers.length) return workers;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after ')'.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}
