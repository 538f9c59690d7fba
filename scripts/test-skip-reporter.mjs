// A node:test reporter that writes one JSON line per skipped test or suite, and per "partly skipped"
// diagnostic (see test/support/requires.ts), for scripts/run-tests.mjs to summarise after the run.
export default async function* skipReporter(source) {
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:pass' && data.skip !== undefined && data.skip !== false) {
      yield `${JSON.stringify({ kind: 'skipped', file: data.file, name: data.name, reason: data.skip === true ? '' : String(data.skip) })}\n`;
    } else if (type === 'test:diagnostic' && typeof data.message === 'string' && data.message.startsWith('partly skipped ')) {
      yield `${JSON.stringify({ kind: 'partial', file: data.file, name: '', reason: data.message.slice('partly skipped '.length) })}\n`;
    }
  }
}
