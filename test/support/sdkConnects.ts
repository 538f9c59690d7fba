/**
 * The official TypeScript SDK client as the judge of a deployment: fresh clients, one after another,
 * each connecting and calling listTools and ping within 5 s. What a real client saw is what MCP
 * Doctor's verdict must match.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** One outcome per connect: whether that client's connect, listTools and ping all worked. */
export async function sdkConnectOutcomes(url: string, count: number, clientName: string): Promise<boolean[]> {
  const outcomes: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const client = new Client({ name: clientName, version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(url));
    const timeout = AbortSignal.timeout(5000);
    try {
      await Promise.race([
        (async () => {
          await client.connect(transport);
          await client.listTools();
          await client.ping();
        })(),
        new Promise((_, reject) => timeout.addEventListener('abort', () => reject(new Error('SDK client timed out')))),
      ]);
      outcomes.push(true);
    } catch {
      outcomes.push(false);
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  return outcomes;
}
