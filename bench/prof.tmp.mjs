import { fork } from 'node:child_process';
import autocannon from 'autocannon';

const [name, path, method, body] = process.argv.slice(2);
const [n, mode] = name.split(':');
const child = fork('bench/servers.ts', [n], {
  execArgv: ['--import=tsx', '--cpu-prof', '--cpu-prof-dir=/tmp/prof'],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  env: { ...process.env, NODE_ENV: 'production', ASYNC: mode ?? '' },
});
const port = await new Promise((r) => child.stdout.once('data', (d) => r(Number(String(d).trim()))));
const opts = { url: `http://127.0.0.1:${port}${path}`, connections: 50, duration: 3, method: method ?? 'GET' };
if (body) Object.assign(opts, { body, headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key' } });
await autocannon({ ...opts, duration: 2 });
const r = await autocannon(opts);
console.log(name, Math.round(r.requests.average), 'req/s');
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
