import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { differsOnlyBySlash, redirectChanges, sameOrigin } from '../../../src/core/http/redirects';

describe('redirectChanges', () => {
  it('names every difference of the incident redirect', () => {
    assert.deepEqual(redirectChanges(new URL('https://localhost:8443/mcp'), new URL('http://localhost/mcp/'), 'POST', 'POST'), [
      'scheme',
      'port',
      'trailing-slash',
    ]);
  });

  it('treats default ports as equal to explicit ones', () => {
    assert.deepEqual(redirectChanges(new URL('https://a.example/mcp'), new URL('https://a.example:443/mcp/'), 'POST', 'POST'), [
      'trailing-slash',
    ]);
    assert.ok(sameOrigin(new URL('https://a.example/x'), new URL('https://A.example:443/y')));
  });

  it('tells a path change from a trailing slash, and records a method change', () => {
    assert.deepEqual(redirectChanges(new URL('http://h/mcp'), new URL('http://h/v1/mcp?x=1'), 'POST', 'GET'), ['path', 'query', 'method']);
    assert.ok(differsOnlyBySlash('/mcp/', '/mcp'));
    assert.ok(!differsOnlyBySlash('/mcp', '/mcp'));
    assert.ok(!differsOnlyBySlash('/mcp', '/mcpx/'));
  });
});
