import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Measured {
  code: number | null;
  ms: number;
  /** Highest resident set of the process or any one of its descendants (VmHWM), in MB; 0 where /proc is missing. */
  peakRssMB: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command and measures its wall time and peak memory. VmHWM is a high-water mark, so polling it every 50 ms
 * loses nothing but the last few milliseconds of growth; descendants count too (the native tsc is a grandchild).
 */
export function runMeasured(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peak = 0;
    const poll = setInterval(() => {
      for (const pid of processTree(child.pid!)) peak = Math.max(peak, highWaterKB(pid));
    }, 50);
    child.once('error', reject);
    child.once('close', (code) => {
      clearInterval(poll);
      resolve({ code, ms: performance.now() - started, peakRssMB: Math.round(peak / 1024), stdout, stderr });
    });
  });
}

export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
        const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').trim();
        if (children) pids.push(...children.split(' ').map(Number));
      }
    } catch {
      // The process ended between two reads.
    }
  }
  return pids;
}

function highWaterKB(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
