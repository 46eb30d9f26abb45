/**
 * `npm run bench`: every server of a transport runs at once, each in its own process pinned to core 0 (the load on
 * core 1, where `taskset` exists); each round loads every server once per scenario, in a fresh random order, for
 * BENCH_SECONDS, and each server's rate is taken as a ratio to limis's in the same round. Reported per server: the
 * median rate, CPU µs per request, p50/p99 latency, and the median and spread (min–max) of its per-round ratio, so a
 * machine whose speed drifts between rounds moves every server alike. Then memory and start-up, the telemetry cost,
 * the generation benchmark, the gateway and the push fan-out; everything is written to bench/results.json.
 */

import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { API_KEY_HEADER, checkConformance, POST_BODY } from './conformance.js';
import { generateEcho } from './echo.js';
import { type Footprint, footprintTable, measureFootprints } from './footprint.js';
import { gatewayBenchmark, gatewayTable } from './gateway.js';
import { generationBenchmark, generationTable } from './generation.js';
import { fanoutBenchmark, fanoutTable } from './push-fanout.js';
import { cpuOf, median, pinLoad, pinned, shuffle, startServer } from './server-process.js';
import { telemetryBenchmark, telemetryTable } from './telemetry.js';
import { wsLoad } from './ws-load.js';

const here = dirname(fileURLToPath(import.meta.url));
/** `BENCH_SERVERS=limis-node,node-http` runs a subset, for profiling work; the published table runs them all. */
const only = process.env.BENCH_SERVERS?.split(',');
/** Which servers validate requests and check the API key, as limis does (the conformance check holds them to it). */
const HTTP_SERVERS = [
  ['node-http', false],
  ['koa', false],
  ['limis-koa', true],
  ['limis-node', true],
  ['fastify-openapi-glue', true],
  ['openapi-backend', true],
  ['hono-zod-openapi', true],
  ['orpc', true],
] as const;
const WS_SERVERS = ['ws-raw', 'limis-ws'];
const BASELINE = { http: 'limis-node', ws: 'limis-ws' };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 50;
const SCENARIOS = {
  'GET /pets/{id}': { method: 'GET' as const, path: '/petstore/pets/1' },
  'POST /pets (1 KB, validated)': {
    method: 'POST' as const,
    path: '/petstore/pets',
    body: POST_BODY,
    headers: { 'content-type': 'application/json', ...API_KEY_HEADER },
  },
};
const WS_SCENARIO = 'WebSocket echo (JSON, 200 B)';

interface Run {
  rate: number;
  total: number;
  p50: number;
  p99: number;
}

interface Result {
  server: string;
  scenario: string;
  /** Requests (or messages) per second: the median over the rounds. */
  rate: number;
  p50: number;
  p99: number;
  cpuMicrosPerRequest: number;
  /** This server's rate over limis's in the same round: median, lowest, highest. */
  ratio: { median: number; min: number; max: number };
  rounds: number[];
}

type Server = Awaited<ReturnType<typeof startServer>> & { name: string };
type Load = (port: number, seconds: number) => Promise<Run>;

/** Warm-up, then ROUNDS rounds, each loading every server once per scenario in a fresh random order. */
async function interleaved(servers: Server[], scenarios: Record<string, Load>, baseline: string): Promise<Result[]> {
  for (const server of servers) for (const load of Object.values(scenarios)) await load(server.port, 1);
  const measured = new Map<string, Array<Run & { cpu: number }>>();
  const ratios = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [scenario, load] of Object.entries(scenarios)) {
      const inRound = new Map<string, Run & { cpu: number }>();
      for (const server of shuffle(servers)) {
        const before = await cpuOf(server.child);
        const run = await load(server.port, SECONDS);
        inRound.set(server.name, { ...run, cpu: ((await cpuOf(server.child)) - before) / run.total });
      }
      const base = inRound.get(baseline)!.rate;
      for (const [name, run] of inRound) {
        const key = `${scenario}\u0000${name}`;
        measured.set(key, [...(measured.get(key) ?? []), run]);
        ratios.set(key, [...(ratios.get(key) ?? []), run.rate / base]);
      }
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS} of ${servers.map((s) => s.name).join(', ')}\n`);
  }
  return Object.keys(scenarios).flatMap((scenario) =>
    servers.map(({ name }) => {
      const runs = measured.get(`${scenario}\u0000${name}`)!;
      const ratio = ratios.get(`${scenario}\u0000${name}`)!;
      return {
        server: name,
        scenario,
        rate: median(runs.map((r) => r.rate)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        cpuMicrosPerRequest: median(runs.map((r) => r.cpu)),
        ratio: { median: median(ratio), min: Math.min(...ratio), max: Math.max(...ratio) },
        rounds: runs.map((r) => Math.round(r.rate)),
      };
    }),
  );
}

async function startAll(names: readonly string[]): Promise<Server[]> {
  const servers: Server[] = [];
  for (const name of names) servers.push({ name, ...(await startServer(name)) });
  return servers;
}

function httpLoad(scenario: (typeof SCENARIOS)[keyof typeof SCENARIOS]): Load {
  return async (port, seconds) => {
    const run = await autocannon({
      url: `http://127.0.0.1:${port}${scenario.path}`,
      connections: CONNECTIONS,
      duration: seconds,
      ...scenario,
    });
    if (run.non2xx > 0 || run.errors > 0)
      throw new Error(`port ${port}: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
    return { rate: run.requests.average, total: run.requests.total, p50: run.latency.p50, p99: run.latency.p99 };
  };
}

pinLoad();
const results: Result[] = [];
const http = HTTP_SERVERS.filter(([name]) => !only || only.includes(name));
if (http.length > 0) {
  const servers = await startAll(http.map(([name]) => name));
  try {
    await checkConformance(servers.map((s, i) => ({ name: s.name, port: s.port, validates: http[i]![1] })));
    const loads = Object.fromEntries(Object.entries(SCENARIOS).map(([name, scenario]) => [name, httpLoad(scenario)]));
    results.push(
      ...(await interleaved(
        servers,
        loads,
        servers.some((s) => s.name === BASELINE.http) ? BASELINE.http : servers[0]!.name,
      )),
    );
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
  }
}
const ws = WS_SERVERS.filter((name) => !only || only.includes(name));
if (ws.length > 0) {
  await generateEcho();
  const servers = await startAll(ws);
  try {
    const load: Load = async (port, seconds) => {
      const run = await wsLoad(`ws://127.0.0.1:${port}/echo/echo`, CONNECTIONS, seconds);
      return { rate: run.messagesPerSecond, total: run.total, p50: run.p50, p99: run.p99 };
    };
    const baseline = servers.some((s) => s.name === BASELINE.ws) ? BASELINE.ws : servers[0]!.name;
    results.push(...(await interleaved(servers, { [WS_SCENARIO]: load }, baseline)));
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
  }
}

const lines = [
  '| scenario | server | req/s | × limis (median, min–max) | p50 ms | p99 ms | CPU µs/req | CPU × limis |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const scenario of [...Object.keys(SCENARIOS), WS_SCENARIO]) {
  const rows = results.filter((r) => r.scenario === scenario);
  const base = rows.find((r) => r.server === (scenario === WS_SCENARIO ? BASELINE.ws : BASELINE.http)) ?? rows[0];
  if (!base) continue;
  for (const r of rows) {
    lines.push(
      `| ${scenario} | ${r.server} | ${Math.round(r.rate)} | ${r.ratio.median.toFixed(2)} (${r.ratio.min.toFixed(2)}–${r.ratio.max.toFixed(2)}) | ${r.p50} | ${r.p99} | ${r.cpuMicrosPerRequest.toFixed(1)} | ${(r.cpuMicrosPerRequest / base.cpuMicrosPerRequest).toFixed(2)} |`,
    );
  }
}
console.log(
  `${ROUNDS} interleaved rounds of ${SECONDS} s, ${CONNECTIONS} connections, every server of a transport running at once${pinned ? ' (servers on core 0, load on core 1)' : ''}; × limis = rate ÷ ${BASELINE.http} (${BASELINE.ws} for WebSocket) in the same round.\n`,
);
console.log(lines.join('\n'));
const footprints: Footprint[] = process.env.BENCH_FOOTPRINT === '0' ? [] : await measureFootprints();
if (footprints.length > 0) console.log(`\n${footprintTable(footprints)}`);
const telemetry = process.env.BENCH_TELEMETRY === '0' ? [] : await telemetryBenchmark();
if (telemetry.length > 0) console.log(`\n${telemetryTable(telemetry)}`);
const generation = process.env.BENCH_GENERATION === '0' ? [] : await generationBenchmark();
if (generation.length > 0) console.log(`\n${generationTable(generation)}`);
// Needs Debian's etcd-server and haproxy, as the cluster suite does.
const { existsSync } = await import('node:fs');
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
  `${JSON.stringify({ date: new Date().toISOString(), rounds: ROUNDS, seconds: SECONDS, pinned, results, footprints, telemetry, generation, gateway, fanout }, null, 2)}\n`,
);
