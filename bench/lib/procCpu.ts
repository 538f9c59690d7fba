import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat (`getconf CLK_TCK`, 100 on Linux in practice). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU of a process (all its threads) in milliseconds, undefined once it is gone. Resolution: one clock tick (10 ms). */
export function processCpuMs(pid: number): number | undefined {
  const f = statFields(pid);
  // After the name: state(0) ppid(1) ... utime(11) stime(12), i.e. fields 14 and 15 of proc(5).
  return f ? ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks() : undefined;
}

/** Pids whose parent is `parent` (a /proc scan: how the nginx master's workers are found). */
export function childPids(parent: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (statFields(Number(name))?.[1] === String(parent)) out.push(Number(name));
  }
  return out;
}

/** Sum of processCpuMs over pids (gone processes count 0). */
export function cpuOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
}

/** Whole-machine CPU time in milliseconds from /proc/stat (all CPUs): busy (everything but idle and iowait) and idle. */
export function machineCpuMs(): { busyMs: number; idleMs: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = fields[3]! + fields[4]!;
    const all = fields.reduce((a, b) => a + b, 0);
    return { busyMs: ((all - idle) * 1000) / clockTicks(), idleMs: (idle * 1000) / clockTicks() };
  } catch {
    return { busyMs: NaN, idleMs: NaN };
  }
}
