// Types of test-skips.mjs for the TypeScript tests that import it.
export interface SkipEntry {
  readonly kind?: string;
  readonly file?: string;
  readonly name?: string;
  readonly reason: string;
}
export const REQUIRES_TAG: RegExp;
export function parseSkipLines(text: string): SkipEntry[];
export function missingComponents(entries: readonly SkipEntry[]): Map<string, number>;
export function nonAptHints(entries: readonly SkipEntry[]): Map<string, string>;
export function skipSummary(
  entries: readonly SkipEntry[],
  options: { aptPackages: readonly string[]; cwd?: string; ci?: boolean },
): string[];
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean;
export function reporterArgs(skipsFile: string, tty: boolean | undefined): string[];
export function finishRun(status: number, skipsFile: string, env?: Readonly<Record<string, string | undefined>>): number;
