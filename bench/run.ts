/**
 * `npm run bench`: loads each server in turn on 127.0.0.1 (bounded: BENCH_SECONDS per run, 50 connections), each
 * server in its own process pinned to core 0 and the load on core 1 when `taskset` exists, BENCH_RUNS times (median
 * kept). Prints req/s (msg/s), p50/p99 latency and CPU µs per request of each server, each as a ratio to limis on
 * the same run, then the generation benchmark; writes bench/results.json.
 */

import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { gatewayBenchmark, gatewayTable } from './gateway.js';
import { generationBenchmark, generationTable } from './generation.js';
import { fanoutBenchmark, fanoutTable } from './push-fanout.js';
import { cpuOf, median, pinLoad, pinned, startServer } from './server-process.js';
import { telemetryBenchmark, telemetryTable } from './telemetry.js';
import { wsLoad } from './ws-load.js';

const here = dirname(fileURLToPath(import.meta.url));
/** `BENCH_SERVERS=limis-node,node-http` runs a subset, for profiling work; the published table runs them all. */
const only = process.env.BENCH_SERVERS?.split(',');
const HTTP_SERVERS = ['node-http', 'koa', 'limis-koa', 'limis-node', 'fastify-openapi-glue', 'openapi-backend'].filter(
  (s) => !only || only.includes(s),
);
const WS_SERVERS = ['ws-raw', 'limis-ws'].filter((s) => !only || only.includes(s));
const BASELINE = { http: 'limis-node', ws: 'limis-ws' };
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = 50;
const body = JSON.stringify({ name: 'Rex', tag: 'x'.repeat(900), status: 'available' });
const SCENARIOS = {
  'GET /pets/{id}': { method: 'GET' as const, path: '/petstore/pets/1' },
  'POST /pets (1 KB, validated)': {
    method: 'POST' as const,
    path: '/petstore/pets',
    body,
    headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key' },
  },
};
const WS_SCENARIO = 'WebSocket echo (JSON, 200 B)';

interface Result {
  server: string;
  scenario: string;
  /** Requests (or messages) per second, median of the runs. */
  rate: number;
  p50: number;
  p99: number;
  cpuMicrosPerRequest: number;
  runs: number[];
}

pinLoad();

/** Warm-up, then RUNS measured runs; the median run (by rate) gives every figure. */
async function measure(
  server: string,
  scenario: string,
  child: ChildProcess,
  run: (seconds: number) => Promise<{ rate: number; total: number; p50: number; p99: number }>,
): Promise<Result> {
  await run(1);
  const runs: Array<{ rate: number; p50: number; p99: number; cpu: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const before = await cpuOf(child);
    const result = await run(DURATION);
    runs.push({ ...result, cpu: ((await cpuOf(child)) - before) / result.total });
  }
  const rate = median(runs.map((r) => r.rate));
  const middle = runs.find((r) => r.rate === rate) ?? runs[0]!;
  process.stderr.write(`${server} ${scenario}: ${Math.round(rate)}/s\n`);
  return {
    server,
    scenario,
    rate,
    p50: middle.p50,
    p99: middle.p99,
    cpuMicrosPerRequest: median(runs.map((r) => r.cpu)),
    runs: runs.map((r) => Math.round(r.rate)),
  };
}

const results: Result[] = [];
for (const server of HTTP_SERVERS) {
  const { child, port } = await startServer(server);
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      results.push(
        await measure(server, name, child, async (seconds) => {
          const run = await autocannon({
            url: `http://127.0.0.1:${port}${scenario.path}`,
            connections: CONNECTIONS,
            duration: seconds,
            ...scenario,
          });
          if (run.non2xx > 0 || run.errors > 0)
            throw new Error(`${server} ${name}: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
          return { rate: run.requests.average, total: run.requests.total, p50: run.latency.p50, p99: run.latency.p99 };
        }),
      );
    }
  } finally {
    child.kill('SIGTERM');
  }
}
for (const server of WS_SERVERS) {
  const { child, port } = await startServer(server);
  try {
    results.push(
      await measure(server, WS_SCENARIO, child, async (seconds) => {
        const run = await wsLoad(`ws://127.0.0.1:${port}/echo/echo`, CONNECTIONS, seconds);
        return { rate: run.messagesPerSecond, total: run.total, p50: run.p50, p99: run.p99 };
      }),
    );
  } finally {
    child.kill('SIGTERM');
  }
}

const lines = [
  `| scenario | server | req/s | × limis | p50 ms | p99 ms | CPU µs/req | × limis |`,
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const scenario of [...Object.keys(SCENARIOS), WS_SCENARIO]) {
  const base =
    results.find(
      (r) => r.scenario === scenario && r.server === (scenario === WS_SCENARIO ? BASELINE.ws : BASELINE.http),
    ) ?? results.find((r) => r.scenario === scenario);
  if (!base) continue;
  for (const r of results.filter((x) => x.scenario === scenario)) {
    lines.push(
      `| ${scenario} | ${r.server} | ${Math.round(r.rate)} | ${(r.rate / base.rate).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.cpuMicrosPerRequest.toFixed(1)} | ${(r.cpuMicrosPerRequest / base.cpuMicrosPerRequest).toFixed(2)} |`,
    );
  }
}
console.log(
  `${RUNS} runs of ${DURATION} s per server and scenario, ${CONNECTIONS} connections, median shown; limis = ${BASELINE.http} for HTTP, ${BASELINE.ws} for WebSocket.\n`,
);
console.log(lines.join('\n'));
const telemetry = process.env.BENCH_TELEMETRY === '0' ? [] : await telemetryBenchmark();
if (telemetry.length > 0) console.log(`\n${telemetryTable(telemetry)}`);
const generation = process.env.BENCH_GENERATION === '0' ? [] : await generationBenchmark();
if (generation.length > 0) console.log(`\n${generationTable(generation)}`);
// Needs Debian's etcd-server and haproxy, as the cluster suite does.
const engines = ['/usr/bin/etcd', '/usr/sbin/haproxy'].every((path) => existsSync(path));
const gateway = process.env.BENCH_GATEWAY === '0' || !engines ? [] : await gatewayBenchmark();
if (gateway.length > 0) console.log(`\n${gatewayTable(gateway)}`);
else if (!engines)
  console.log('\nGateway benchmark skipped: install etcd-server and haproxy (apt-get install -y etcd-server haproxy).');
const brokers = ['/usr/sbin/nats-server', '/usr/bin/redis-server'].every((path) => existsSync(path));
const fanout = process.env.BENCH_FANOUT === '0' || !brokers ? [] : await fanoutBenchmark();
if (fanout.length > 0) console.log(`\n${fanoutTable(fanout)}`);
else if (!brokers) console.log('\nFan-out benchmark skipped: install nats-server and redis-server.');
await writeFile(
  join(here, 'results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), durationSeconds: DURATION, runs: RUNS, pinned, results, telemetry, generation, gateway, fanout }, null, 2)}\n`,
);
