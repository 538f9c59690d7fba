import { CLI_CLIENTS, type LeadClient } from '../core/tls/leadClient';
import { UsageError } from './io';

/** `--client NAME`: whose view leads the verdict (diagnose and check alike). */
export function clientOption(value: string | undefined): LeadClient | undefined {
  if (value === undefined) return undefined;
  if (!CLI_CLIENTS.includes(value as LeadClient)) throw new UsageError(`--client: "${value}" is not one of ${CLI_CLIENTS.join(', ')}`);
  return value as LeadClient;
}
