import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { resolve } from 'node:path';
import type { Io } from './output.js';

/** What `server --watch` watches: the contracts, the services (generated and yours) and the config. */
const WATCHED = ['contracts', 'services', 'limis.config.ts'];

/**
 * `limis server --watch`: runs the server as a child process and restarts it, a burst of changes at a time,
 * when a watched file changes. A restart waits for the old server to drain, so no request is cut off.
 */
export function watchServer(serverArgs: string[], io: Io, cwd = process.cwd()): Promise<number> {
  return new Promise((resolveWatch) => {
    let child: ChildProcess | undefined;
    let timer: NodeJS.Timeout | undefined;
    let stopping = false;
    const start = () => {
      child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'server', ...serverArgs], {
        cwd,
        stdio: 'inherit',
      });
    };
    const restart = async () => {
      const old = child;
      if (old && old.exitCode === null) {
        const exited = new Promise((r) => old.once('exit', r));
        old.kill('SIGTERM');
        await exited;
      }
      if (stopping) return;
      io.out('limis: change detected, restarting the server');
      start();
    };
    const watchers: FSWatcher[] = WATCHED.filter((path) => existsSync(resolve(cwd, path))).map((path) =>
      watch(resolve(cwd, path), { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => void restart(), 200);
      }),
    );
    io.out(`limis: watching ${WATCHED.join(', ')}; the server restarts on change`);
    start();
    const stop = () => {
      stopping = true;
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      if (!child || child.exitCode !== null) return resolveWatch(0);
      child.once('exit', () => resolveWatch(0));
      child.kill('SIGTERM');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
