import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';

/** Runs one command on HAProxy's runtime API (a UNIX socket) and resolves with its answer. */
export function runtimeCommand(socketPath: string, command: string, timeout = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answer = '';
    socket.setTimeout(timeout, () => socket.destroy(new Error(`HAProxy did not answer "${command}" in ${timeout} ms`)));
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.trim()));
  });
}

/** `haproxy -c`: undefined when the configuration is valid, else HAProxy's own alerts. */
export async function checkHaproxyConfig(binary: string, configPath: string): Promise<string | undefined> {
  try {
    await promisify(execFile)(binary, ['-c', '-q', '-f', configPath]);
    return undefined;
  } catch (error) {
    const { stderr, stdout, code } = error as { stderr?: string; stdout?: string; code?: string | number };
    if (code === 'ENOENT') return `${binary} is not installed (Debian: apt-get install haproxy)`;
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || String(error);
  }
}

export interface HaproxyProcess {
  child: ChildProcess;
  /** Finishes what is in flight (HAProxy's soft stop), then exits; forced after `timeout`. */
  stop(timeout?: number): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * HAProxy in master-worker mode in the foreground. Its log (a JSON line per request, and server state changes) is
 * written straight to this process's stdout, not relayed line by line; its notices and alerts go to `err`. Resolves
 * once the runtime API answers.
 */
export async function startHaproxy(
  binary: string,
  configPath: string,
  adminSocket: string,
  err: (line: string) => void,
): Promise<HaproxyProcess> {
  const child = spawn(binary, ['-W', '-db', '-f', configPath], { stdio: ['ignore', 'inherit', 'pipe'] });
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) err(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`HAProxy exited with ${child.exitCode} while starting`);
    try {
      await runtimeCommand(adminSocket, 'show info', 500);
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`HAProxy's runtime API at ${adminSocket} did not answer: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    child,
    exited,
    async stop(timeout = 10_000) {
      if (child.exitCode !== null) return;
      child.kill('SIGUSR1');
      const timer = setTimeout(() => child.kill('SIGTERM'), timeout);
      await exited;
      clearTimeout(timer);
    },
  };
}
