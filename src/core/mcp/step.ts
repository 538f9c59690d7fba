import { type DiagnosisState } from '../diagnose/state';
import { type Step } from '../pipeline/types';

/** Placeholder until the MCP probe lands: the MCP module owns this file. */
export const mcpStep: Step<DiagnosisState> = {
  name: 'mcp',
  label: 'MCP initialize',
  async run() {},
};
