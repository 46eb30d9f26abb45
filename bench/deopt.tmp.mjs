import { fork } from 'node:child_process';
import autocannon from 'autocannon';

const child = fork('bench/servers.ts', ['tmp-async'], {
  execArgv: ['--import=tsx', '--trace-deopt', '--trace-opt'],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  env: { ...process.env, NODE_ENV: 'production', ASYNC: process.argv[2] },
});
let port;
let lines = [];
let seenPort = false;
child.stdout.on('data', (d) => {
  const t = String(d);
  if (!seenPort) {
    const m = /^(\d+)\n/m.exec(t);
    if (m) {
      port = Number(m[1]);
      seenPort = true;
    }
  }
  lines.push(t);
});
while (!seenPort) await new Promise((r) => setTimeout(r, 50));
await autocannon({ url: `http://127.0.0.1:${port}/petstore/pets/1`, connections: 50, duration: 2 });
const before = lines.join('').split('\n').length;
lines = [];
await autocannon({ url: `http://127.0.0.1:${port}/petstore/pets/1`, connections: 50, duration: 3 });
const text = lines.join('');
const deopts = text.split('\n').filter((l) => l.includes('deoptimizing') || l.includes('bailout'));
const opts = text.split('\n').filter((l) => l.includes('completed optimizing') || l.includes('compiling method'));
console.log('during measured load: deopts', deopts.length, 'optimizations', opts.length);
const counts = {};
for (const l of deopts) {
  const m = /reason: ([^)]*)/.exec(l) ?? /<JSFunction ([^ >]+)/.exec(l);
  const k = m ? m[1] : l.slice(0, 80);
  counts[k] = (counts[k] ?? 0) + 1;
}
console.log(
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10),
);
const oc = {};
for (const l of opts) {
  const m = /<JSFunction ([^ >]+)/.exec(l);
  const k = m ? m[1] : '?';
  oc[k] = (oc[k] ?? 0) + 1;
}
console.log(
  Object.entries(oc)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15),
);
child.kill();
