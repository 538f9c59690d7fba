// The nginx config reader: tokens with positions, quotes and escapes, comments, blocks, includes
// (relative to the main file's directory, globs in sorted order), and problems that are never fatal.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tokenizeNginx } from '../../../src/core/proxyconfig/nginxTokens';
import { type ConfigReader, globRegExp, readNginxConfig } from '../../../src/core/proxyconfig/nginxParse';

/** An in-memory file tree: path → text; a directory lists the files directly under it. */
function memoryReader(files: Record<string, string>): ConfigReader {
  return {
    readText(path) {
      if (!(path in files)) throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
      return files[path]!;
    },
    list(dir) {
      const names = Object.keys(files).filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/'));
      if (names.length === 0) throw Object.assign(new Error(`no ${dir}`), { code: 'ENOENT' });
      return names.map((f) => f.slice(dir.length + 1));
    },
  };
}

test('tokens: words, ; { } with line and column, comments skipped, quotes and escapes decoded as nginx does', () => {
  const { tokens, error } = tokenizeNginx('a b; # comment ; {\n  c "x y\\"z" \'q\\\'\' d\\ e {\n}\n');
  assert.equal(error, undefined);
  const words = tokens.map((t) => (t.type === 'word' ? t.value : t.type));
  assert.deepEqual(words, ['a', 'b', ';', 'c', 'x y"z', "q'", 'd\\ e', '{', '}']);
  const c = tokens[3]!;
  assert.deepEqual([c.line, c.column], [2, 3]);
  const brace = tokens[8]!;
  assert.deepEqual([brace.line, brace.column], [3, 1]);
});

test('tokens: a regex keeps its backslashes (\\d, \\.), quoted or not', () => {
  const { tokens } = tokenizeNginx('server_name ~^api\\d+\\.example$ "~^x\\.y$";');
  assert.deepEqual(
    tokens.map((t) => (t.type === 'word' ? t.value : t.type)),
    ['server_name', '~^api\\d+\\.example$', '~^x\\.y$', ';'],
  );
});

test('tokens: ${var} braces stay inside the word; # inside a word is not a comment; an open quote is an error', () => {
  const { tokens } = tokenizeNginx('return 301 https://${host}:8443$request_uri#x;');
  assert.deepEqual(
    tokens.map((t) => (t.type === 'word' ? t.value : t.type)),
    ['return', '301', 'https://${host}:8443$request_uri#x', ';'],
  );
  const open = tokenizeNginx('a "b;\n');
  assert.deepEqual(open.error, { line: 1, column: 3, detail: 'unterminated double quote' });
});

test('blocks nest; include expands in place, relative to the main file, a glob in sorted order', () => {
  const reader = memoryReader({
    '/etc/nginx/nginx.conf': 'events {}\nhttp {\n  include conf.d/*.conf;\n  include mime.types;\n}\n',
    '/etc/nginx/conf.d/b.conf': 'server { listen 81; }\n',
    '/etc/nginx/conf.d/a.conf': 'server {\n  listen 80;\n  location /mcp/ { proxy_pass http://x; }\n}\n',
    '/etc/nginx/conf.d/.hidden.conf': 'broken {',
    '/etc/nginx/mime.types': 'types { text/html html; }\n',
  });
  const config = readNginxConfig('/etc/nginx/nginx.conf', reader);
  assert.deepEqual(config.problems, []);
  const http = config.directives.find((d) => d.name === 'http')!;
  assert.deepEqual(
    http.block!.map((d) => d.name),
    ['include', 'server', 'server', 'include', 'types'],
  );
  const [a, b] = http.block!.filter((d) => d.name === 'server');
  assert.equal(a!.file, '/etc/nginx/conf.d/a.conf');
  const location = a!.block!.find((d) => d.name === 'location')!;
  assert.deepEqual([location.file, location.line, location.column, location.args], ['/etc/nginx/conf.d/a.conf', 3, 3, ['/mcp/']]);
  assert.equal(b!.block![0]!.args[0], '81');
  assert.deepEqual(config.files, [
    '/etc/nginx/nginx.conf',
    '/etc/nginx/conf.d/a.conf',
    '/etc/nginx/conf.d/b.conf',
    '/etc/nginx/mime.types',
  ]);
});

test('an unreadable include, an include loop and syntax errors are problems; the rest is still read', () => {
  const reader = memoryReader({
    '/x/nginx.conf': 'http {\n  include missing.conf;\n  include self.conf;\n  server { listen 80; }\n}\nstray }\n',
    '/x/self.conf': 'include self.conf;\n',
  });
  const config = readNginxConfig('/x/nginx.conf', reader);
  const kinds = config.problems.map((p) => `${p.kind}@${p.file}:${p.line}`);
  assert.ok(kinds.includes('include-unreadable@/x/nginx.conf:2'), kinds.join(' '));
  assert.ok(
    kinds.some((k) => k.startsWith('include-depth@/x/self.conf')),
    kinds.join(' '),
  );
  assert.ok(kinds.includes('syntax@/x/nginx.conf:6'), kinds.join(' '));
  assert.match(config.problems.find((p) => p.kind === 'include-unreadable')!.detail, /missing\.conf: ENOENT/);
  const http = config.directives.find((d) => d.name === 'http')!;
  assert.ok(http.block!.some((d) => d.name === 'server'));
  const unclosed = readNginxConfig('/y.conf', memoryReader({ '/y.conf': 'http {\n server {\n' }));
  assert.ok(unclosed.problems.some((p) => p.kind === 'syntax' && /expecting "}"/.test(p.detail)));
  const missing = readNginxConfig(join('/nope', 'nginx.conf'), memoryReader({}));
  assert.equal(missing.problems[0]?.kind, 'file-unreadable');
});

test('glob: * ? [..] within one component, dot files only when asked for', () => {
  assert.ok(globRegExp('*.conf').test('mcp.conf'));
  assert.ok(!globRegExp('*.conf').test('.mcp.conf'));
  assert.ok(!globRegExp('*.conf').test('mcp.conf.bak'));
  assert.ok(globRegExp('site-?').test('site-a'));
  assert.ok(globRegExp('[ab].conf').test('b.conf') && !globRegExp('[!ab].conf').test('b.conf'));
  assert.ok(globRegExp('.*.conf').test('.mcp.conf'));
});
