/** The lab MCP server's three tools: small, deterministic, real implementations over in-memory data. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

interface Customer {
  readonly id: string;
  readonly name: string;
  readonly plan: 'basic' | 'pro' | 'enterprise';
  readonly since: string;
}

const CUSTOMERS: readonly Customer[] = [
  { id: 'C-1001', name: 'Ada Lovelace', plan: 'enterprise', since: '2021-03-14' },
  { id: 'C-1002', name: 'Grace Hopper', plan: 'pro', since: '2022-07-01' },
  { id: 'C-1003', name: 'Alan Turing', plan: 'basic', since: '2024-01-20' },
];

const MONTHLY_PRICE: Readonly<Record<Customer['plan'], number>> = { basic: 19, pro: 49, enterprise: 499 };

/** Names of the tools every lab server exposes. */
export const TOOL_NAMES = ['get_customer_info', 'create_support_ticket', 'calculate_account_value'] as const;

/** A fresh MCP server (one per session) with the three tools registered. */
export function createLabMcpServer(): McpServer {
  const server = new McpServer({ name: 'mcp-doctor-lab', version: '1.0.0' });
  let nextTicket = 5001;
  server.registerTool(
    'get_customer_info',
    { description: 'Look up a customer by id (e.g. C-1001).', inputSchema: { customerId: z.string() } },
    async ({ customerId }) => withCustomer(customerId, (c) => json(c)),
  );
  server.registerTool(
    'create_support_ticket',
    {
      description: 'Open a support ticket for a customer.',
      inputSchema: { customerId: z.string(), subject: z.string().min(1), priority: z.enum(['low', 'normal', 'high']).default('normal') },
    },
    async ({ customerId, subject, priority }) =>
      withCustomer(customerId, (c) => json({ ticketId: `T-${nextTicket++}`, customerId: c.id, subject, priority, status: 'open' })),
  );
  server.registerTool(
    'calculate_account_value',
    {
      description: 'Total billed value of a customer account over a number of months (annual plans get 10% off).',
      inputSchema: { customerId: z.string(), months: z.number().int().min(1).max(120).default(12) },
    },
    async ({ customerId, months }) => withCustomer(customerId, (c) => json(accountValue(c, months))),
  );
  return server;
}

/** Account value: monthly price times months, 10% off for every full year. */
export function accountValue(customer: Customer, months: number): { customerId: string; months: number; currency: 'USD'; value: number } {
  const fullYears = Math.floor(months / 12) * 12;
  const value = MONTHLY_PRICE[customer.plan] * (fullYears * 0.9 + (months - fullYears));
  return { customerId: customer.id, months, currency: 'USD', value: Math.round(value * 100) / 100 };
}

function withCustomer(customerId: string, action: (customer: Customer) => CallToolResult): CallToolResult {
  const customer = CUSTOMERS.find((c) => c.id === customerId);
  if (!customer) return { isError: true, content: [{ type: 'text', text: `No customer with id ${customerId}` }] };
  return action(customer);
}

function json(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}
