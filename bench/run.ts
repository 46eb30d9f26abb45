/**
 * `npm run bench`: loads each server in turn on 127.0.0.1 with autocannon (bounded: a few seconds, 50
 * connections), each server in its own process pinned to core 0 and the load on core 1 when `taskset` exists.
 * Prints req/s, p50/p99 latency and CPU µs per request, each as a ratio to limis on the same run; writes
 * bench/results.json.
 */
import autocannon from 'autocannon';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SERVERS = ['node-http', 'koa', 'limis-koa', 'limis-node'] as const;
const BASELINE = 'limis-node';
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const body = JSON.stringify({ name: 'Rex', tag: 'x'.repeat(900), status: 'available' });
const SCENARIOS = {
  'GET /pets/{id}': { method: 'GET' as const, path: '/petstore/pets/1' },
  'POST /pets (1 KB, validated)': { method: 'POST' as const, path: '/petstore/pets', body, headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key' } },
};

interface Result {
  server: string;
  scenario: string;
  requests: number;
  p50: number;
  p99: number;
  cpuMicrosPerRequest: number;
}

const pinned = existsSync('/usr/bin/taskset');
// The load generator takes core 1; each server gets core 0.
if (pinned) spawnSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });

async function startServer(name: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(here, 'servers.ts'), [name], {
    execArgv: ['--conditions=limis-source', '--import=tsx'],
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

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { cpuMicros: number }) => resolve(message.cpuMicros));
    child.send('cpu');
  });
}

async function load(port: number, scenario: (typeof SCENARIOS)[keyof typeof SCENARIOS], seconds: number) {
  return autocannon({ url: `http://127.0.0.1:${port}${scenario.path}`, connections: 50, duration: seconds, ...scenario });
}

const results: Result[] = [];
for (const server of SERVERS) {
  const { child, port } = await startServer(server);
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      await load(port, scenario, 1); // warm-up: JIT and connection pools
      const before = await cpuOf(child);
      const run = await load(port, scenario, DURATION);
      const cpu = (await cpuOf(child)) - before;
      if (run.non2xx > 0 || run.errors > 0) throw new Error(`${server} ${name}: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
      results.push({ server, scenario: name, requests: run.requests.average, p50: run.latency.p50, p99: run.latency.p99, cpuMicrosPerRequest: cpu / run.requests.total });
      process.stderr.write(`${server} ${name}: ${Math.round(run.requests.average)} req/s\n`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

const lines = [
  `| scenario | server | req/s | × ${BASELINE} | p50 ms | p99 ms | CPU µs/req | × ${BASELINE} |`,
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const scenario of Object.keys(SCENARIOS)) {
  const base = results.find((r) => r.scenario === scenario && r.server === BASELINE)!;
  for (const r of results.filter((x) => x.scenario === scenario)) {
    lines.push(`| ${scenario} | ${r.server} | ${Math.round(r.requests)} | ${(r.requests / base.requests).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.cpuMicrosPerRequest.toFixed(1)} | ${(r.cpuMicrosPerRequest / base.cpuMicrosPerRequest).toFixed(2)} |`);
  }
}
console.log(lines.join('\n'));
await writeFile(join(here, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), durationSeconds: DURATION, pinned, results }, null, 2)}\n`);
