import { redactText } from '../../core/redact/deep';
import { type Services } from '../services';
import { message } from './run';

/**
 * Wraps a command handler so nothing escapes as an unhandled rejection: failures are logged
 * (redacted) and shown as one notification pointing at the log.
 */
export function guarded<A extends unknown[], R>(
  s: Pick<Services, 'ui' | 'log' | 'knownSecrets' | 'executeCommand'>,
  title: string,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      const text = redactText(message(err), { secrets: s.knownSecrets.list() }).slice(0, 500);
      s.log.error(`${title} failed: ${text}${err instanceof Error && err.stack ? `\n${err.stack}` : ''}`);
      // Through a promise, so even a notification API that throws cannot turn this into a rejection.
      void Promise.resolve()
        .then(() => s.ui.error(`MCP Doctor: ${title} failed: ${text}`, 'Show Log'))
        .then((choice) => (choice ? s.executeCommand('mcpDoctor.showLog') : undefined))
        .catch(() => undefined);
      return undefined;
    }
  };
}
