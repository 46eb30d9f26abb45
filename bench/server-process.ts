import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Servers on core 0, the load generator on core 1, where `taskset` exists. */
export const pinned = existsSync('/usr/bin/taskset');

/** Moves this process (the load generator) to core 1. */
export function pinLoad(): void {
  if (pinned) spawnSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
}

/** One of bench/servers.ts's servers in a process of its own, on core 0, in production mode. */
export async function startServer(name: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(here, 'servers.ts'), [name], {
    // The runtime from dist/, as users run it: tsx's transform of the sources adds helpers to every closure.
    execArgv: ['--import=tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (pinned && child.pid) spawnSync('taskset', ['-pc', '0', String(child.pid)], { stdio: 'ignore' });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return { child, port };
}

/** The server's CPU time so far (user + system), in µs. */
export function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { cpuMicros: number }) => resolve(message.cpuMicros));
    child.send('cpu');
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A fresh random order (Fisher–Yates), so no server is always loaded first or right after another. */
export function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The server's resident set now, in bytes. */
export function rssOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { rssBytes: number }) => resolve(message.rssBytes));
    child.send('rss');
  });
}
