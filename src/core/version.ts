/** Replaced at build time by esbuild (`define`); the fallback serves tests run from source. */
declare const __MCP_DOCTOR_VERSION__: string | undefined;

export const VERSION: string = typeof __MCP_DOCTOR_VERSION__ === 'string' ? __MCP_DOCTOR_VERSION__ : '0.0.0-dev';
