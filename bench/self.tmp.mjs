import { fork } from 'node:child_process';

const child = fork('bench/servers.ts', ['tmp-async'], {
  execArgv: ['--import=tsx'],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  env: { ...process.env, NODE_ENV: 'production', ASYNC: 'selftest' },
});
await new Promise((r) => child.stdout.once('data', r));
child.kill();
