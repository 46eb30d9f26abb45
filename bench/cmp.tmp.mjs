import { fork } from 'node:child_process';
import autocannon from 'autocannon';

const variants = process.argv.slice(2);
const servers = [];
for (const v of variants) {
  const [name, env] = v.split(':');
  const child = fork('bench/servers.ts', [name], {
    execArgv: ['--import=tsx', ...(process.env.XARGS ? process.env.XARGS.split(' ') : [])],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production', ASYNC: env ?? '' },
  });
  const port = await new Promise((r) => child.stdout.once('data', (d) => r(Number(String(d).trim()))));
  servers.push({ v, child, port });
}
const cpu = (c) =>
  new Promise((r) => {
    c.once('message', (m) => r(m.cpuMicros));
    c.send('cpu');
  });
const res = Object.fromEntries(variants.map((v) => [v, []]));
for (let round = 0; round < 5; round++)
  for (const s of servers.sort(() => Math.random() - 0.5)) {
    const b = await cpu(s.child);
    const r = await autocannon({ url: `http://127.0.0.1:${s.port}/petstore/pets/1`, connections: 50, duration: 2 });
    if (round > 0) res[s.v].push(((await cpu(s.child)) - b) / r.requests.total);
  }
for (const [v, xs] of Object.entries(res))
  console.log(v, xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1), 'µs/req');
for (const s of servers) s.child.kill();
