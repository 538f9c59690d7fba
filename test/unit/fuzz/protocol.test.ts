/**
 * Property tests for the parsers that read what servers and config files say: WWW-Authenticate,
 * SSE, the redirect walker's Location handling, and mcp.json. Generated inputs are both random
 * text and well-formed values that must round-trip.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeChallenge } from '../../../src/core/auth/challenge';
import { bearerChallenge, parseWwwAuthenticate } from '../../../src/core/auth/wwwAuthenticate';
import { isFindingCode } from '../../../src/core/findings/catalog/index';
import { type HttpClient, type HttpResult } from '../../../src/core/http/client';
import { analyseRedirects } from '../../../src/core/http/redirectFindings';
import { sameOrigin, walkRedirects } from '../../../src/core/http/redirects';
import { parseSse } from '../../../src/core/http/sse';
import { hasRpcResponse } from '../../../src/core/mcp/jsonrpc';
import { parseMcpConfig } from '../../../src/core/discovery/mcpJson';

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,11}$/);
const quotable = fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' '));
const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

describe('fuzz: WWW-Authenticate', () => {
  it('well-formed challenges round-trip: schemes and first parameter values come back', () => {
    const challenge = fc.record({
      scheme: token,
      params: fc.uniqueArray(fc.tuple(token, quotable), { maxLength: 6, selector: ([name]) => name.toLowerCase() }),
    });
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 5 }), (challenges) => {
        const header = challenges
          .map((c) => `${c.scheme}${c.params.length ? ' ' : ''}${c.params.map(([n, v]) => `${n}=${quote(v)}`).join(', ')}`)
          .join(', ');
        const parsed = parseWwwAuthenticate(header);
        assert.deepEqual(
          parsed.challenges.map((c) => c.scheme),
          challenges.map((c) => c.scheme),
          header,
        );
        challenges.forEach((c, i) => {
          for (const [name, value] of c.params) assert.equal(parsed.challenges[i]?.params[name.toLowerCase()], value, header);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('any header text: never throws, bounded output, findings from the catalog', () => {
    const noisy = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc
        .array(fc.constantFrom('Bearer', ' ', ',', '=', '"', '\\', 'a', 'resource_metadata', 'x=', '==', '\t'), { maxLength: 200 })
        .map((a) => a.join('')),
    );
    fc.assert(
      fc.property(noisy, fc.constantFrom(401, 403), (header, status) => {
        const parsed = parseWwwAuthenticate(header);
        assert.ok(parsed.challenges.length <= 16);
        for (const c of parsed.challenges) assert.ok(Object.keys(c.params).length <= 32);
        bearerChallenge(parsed);
        const analysis = analyzeChallenge({ status, wwwAuthenticate: header, ownRequest: false });
        assert.ok(analysis.findings.every((f) => isFindingCode(f.code)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('fuzz: SSE', () => {
  const data = fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ''));
  const event = fc.record({ event: fc.option(token, { nil: undefined }), lines: fc.array(data, { minLength: 1, maxLength: 3 }) });

  it('serialised events parse back, with any line ending, and a prefix parses to a prefix', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.nat(), (events, eol, cut) => {
        const text = events
          .map((e) => `${e.event ? `event: ${e.event}${eol}` : ''}${e.lines.map((l) => `data: ${l}`).join(eol)}${eol}${eol}`)
          .join('');
        const parsed = parseSse(text);
        assert.equal(parsed.events.length, events.length);
        parsed.events.forEach((p, i) => {
          assert.equal(p.data, events[i]?.lines.join('\n'));
          assert.equal(p.event, events[i]?.event || 'message');
        });
        const prefix = parseSse(text.slice(0, text.length ? cut % text.length : 0));
        assert.ok(prefix.events.length <= parsed.events.length);
        prefix.events.forEach((p, i) => assert.deepEqual(p, parsed.events[i]));
      }),
      { numRuns: 2000 },
    );
  });

  it('any text: never throws, at most maxEvents events, hasRpcResponse answers a boolean', () => {
    const noisy = fc
      .array(
        fc.constantFrom('data:', 'event:', 'id:', 'retry:', ':', ' ', '\n', '\r', '\r\n', '{"id":1,"result":{}}', '\u0000', '\uFEFF'),
        { maxLength: 300 },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(noisy, fc.string({ maxLength: 300 })), fc.integer({ min: 1, max: 50 }), (text, max) => {
        const parsed = parseSse(text, max);
        assert.ok(parsed.events.length <= max);
        assert.equal(typeof hasRpcResponse(1)(text), 'boolean');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('fuzz: redirect walking (Location resolution)', () => {
  const location = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.webUrl({ validSchemes: ['http', 'https'] }),
    fc.constantFrom(
      '/',
      '//evil.example/x',
      'javascript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'http://[::1]:99999/',
      'https://a b/',
      '../../..',
      '?q=1',
      '#f',
      'HTTP://LOCALHOST:80/mcp',
    ),
  );

  it('never throws; hops are bounded, only http(s) is followed, credentials only to the start origin', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(200, 301, 302, 303, 307, 308, 404), location), { minLength: 1, maxLength: 15 }),
        async (answers) => {
          let i = 0;
          const http: HttpClient = async (spec) => {
            const [status, loc] = answers[Math.min(i++, answers.length - 1)] as [number, string];
            return {
              status,
              headers: { location: loc },
              body: '',
              truncated: false,
              timings: { headersMs: 0, totalMs: 0 },
              spec,
            } as HttpResult;
          };
          const start = new URL('https://mcp.example.test:8443/mcp');
          const walk = await walkRedirects(
            start,
            { method: 'POST', headers: {} },
            { http, signal: AbortSignal.timeout(5000), token: 'secret-token', tlsFor: () => undefined, maxRedirects: 10 },
          );
          assert.ok(walk.hops.length <= 11 + 1);
          for (const hop of walk.hops) {
            assert.ok(/^https?:$/.test(new URL(hop.url).protocol));
            if (hop.nextUrl) assert.ok(/^https?:$/.test(new URL(hop.nextUrl).protocol), hop.nextUrl);
            assert.equal(hop.authorizationSent, sameOrigin(start, new URL(hop.url)));
          }
          const analysis = analyseRedirects(start, walk);
          assert.ok(analysis.findings.every((f) => isFindingCode(f.code)));
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('fuzz: mcp.json', () => {
  const name = fc.string({ minLength: 1, maxLength: 12 });
  const server = fc.record({
    type: fc.constantFrom('http', 'sse', 'streamable-http', undefined),
    url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 20 })),
    headers: fc.dictionary(token, fc.string({ maxLength: 20 }), { maxKeys: 3 }),
  });

  it('generated remote servers are all found with their URL, transport and headers', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, server), { maxLength: 6, selector: ([n]) => n }),
        fc.constantFrom('vscode-workspace', 'mcp-json', 'cursor-user'),
        (entries, kind) => {
          const servers = Object.fromEntries(entries.map(([n, s]) => [n, s]));
          const rootKey = kind === 'vscode-workspace' ? 'servers' : 'mcpServers';
          const parsed = parseMcpConfig(`// generated\n${JSON.stringify({ [rootKey]: servers }, null, 2)}`, { kind, path: '/w/mcp.json' });
          assert.equal(parsed.servers.length, entries.length, JSON.stringify(parsed.diagnostics));
          for (const [n, s] of entries) {
            const found = parsed.servers.find((p) => p.name === n);
            assert.ok(found, n);
            assert.equal(found.url, s.url);
            assert.equal(found.transport, s.type === 'sse' ? 'sse' : 'http');
            assert.deepEqual(Object.fromEntries(found.headers), { ...s.headers });
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
