/**
 * What telemetry costs, measured interleaved: every variant of limis on the node adapter runs at once, each in its
 * own process on core 0; each round loads every variant once, in a fresh random order, for BENCH_TELEMETRY_SECONDS,
 * and takes each variant's rate as a ratio to the bare server (no tracing, no metrics) of the same round. The median
 * ratio and its spread are reported, so a machine whose speed drifts between rounds moves all variants alike.
 */

import autocannon from 'autocannon';
import { compileHandler, type HandlerOptions, type RuntimeRequest } from 'limis/runtime';
import { RuntimeMetrics } from '../runtime/telemetry/metrics.js';
import { cpuOf, median, shuffle, startServer } from './server-process.js';
import { benchPetstore } from './servers/limis.js';

const ROUNDS = Number(process.env.BENCH_TELEMETRY_ROUNDS ?? 7);
const SECONDS = Number(process.env.BENCH_TELEMETRY_SECONDS ?? 3);
const CONNECTIONS = 50;
const BASELINE = 'limis-node-bare';
/** bench/servers.ts names: no telemetry; metrics only; the defaults (metrics, tracing without an SDK); an SDK recording every span. */
const VARIANTS = [BASELINE, 'limis-node-metrics', 'limis-node', 'limis-node-sdk'];
const DESCRIPTIONS: Record<string, string> = {
  [BASELINE]: 'tracing: false, metrics: false',
  'limis-node-metrics': 'metrics only',
  'limis-node': 'defaults: metrics, tracing with no SDK',
  'limis-node-sdk': 'defaults + an OpenTelemetry SDK recording every span (batched, discarded)',
};

export interface TelemetryResult {
  server: string;
  rate: number;
  cpuMicrosPerRequest: number;
  /** Median, lowest and highest of the per-round ratios of this variant's rate to the bare server's. */
  ratio: { median: number; min: number; max: number };
  /** In-process: µs this variant's compiled handler adds to a GET over the bare one's (median of interleaved rounds). */
  addedMicros: number;
}

/**
 * The handler alone, in this process, each variant's compiled getPet called in turn in interleaved rounds: a
 * difference of a tenth of a microsecond shows here, where a load test's drift hides a few percent.
 */
async function handlerCosts(): Promise<Record<string, number>> {
  const service = benchPetstore();
  const getPet = service.handlers.find((h) => h.operationId === 'getPet')!;
  const base: HandlerOptions = {
    bodyLimit: 1 << 20,
    validateResponses: false,
    interceptors: [],
    onError: () => undefined,
    tracing: false,
    streamHeartbeat: 0,
  };
  const handlers: Record<string, ReturnType<typeof compileHandler>> = {
    [BASELINE]: compileHandler(getPet, service, base),
    'limis-node-metrics': compileHandler(getPet, service, { ...base, metrics: new RuntimeMetrics({}) }),
    'limis-node': compileHandler(getPet, service, { ...base, tracing: true, metrics: new RuntimeMetrics({}) }),
  };
  const request: RuntimeRequest = {
    method: 'GET',
    path: '/petstore/pets/1',
    params: { petId: '1' },
    query: {},
    headers: { host: '127.0.0.1', 'user-agent': 'autocannon', accept: '*/*' },
    readBody: async () => new Uint8Array(),
  };
  const CALLS = 20_000;
  const perCall: Record<string, number[]> = Object.fromEntries(Object.keys(handlers).map((name) => [name, []]));
  for (let round = 0; round < 30; round++) {
    for (const name of shuffle(Object.keys(handlers))) {
      const run = handlers[name]!;
      const started = performance.now();
      for (let i = 0; i < CALLS; i++) await run(request);
      if (round > 0) perCall[name]!.push(((performance.now() - started) * 1000) / CALLS);
    }
  }
  const bare = median(perCall[BASELINE]!);
  return Object.fromEntries(Object.entries(perCall).map(([name, micros]) => [name, median(micros) - bare]));
}

export async function telemetryBenchmark(): Promise<TelemetryResult[]> {
  const added = await handlerCosts();
  const servers = await Promise.all(VARIANTS.map(async (name) => ({ name, ...(await startServer(name)) })));
  const load = async (port: number, seconds: number) => {
    const run = await autocannon({
      url: `http://127.0.0.1:${port}/petstore/pets/1`,
      connections: CONNECTIONS,
      duration: seconds,
    });
    if (run.non2xx > 0 || run.errors > 0) throw new Error(`${run.non2xx} non-2xx answers, ${run.errors} errors`);
    return run;
  };
  try {
    for (const server of servers) await load(server.port, 1);
    const rounds: Array<Record<string, { rate: number; cpu: number }>> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measured: Record<string, { rate: number; cpu: number }> = {};
      for (const server of shuffle(servers)) {
        const before = await cpuOf(server.child);
        const run = await load(server.port, SECONDS);
        measured[server.name] = {
          rate: run.requests.average,
          cpu: ((await cpuOf(server.child)) - before) / run.requests.total,
        };
      }
      rounds.push(measured);
      process.stderr.write(`telemetry round ${round + 1}/${ROUNDS}\n`);
    }
    return VARIANTS.map((name) => {
      const ratios = rounds.map((r) => r[name]!.rate / r[BASELINE]!.rate);
      return {
        server: name,
        rate: median(rounds.map((r) => r[name]!.rate)),
        cpuMicrosPerRequest: median(rounds.map((r) => r[name]!.cpu)),
        ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
        addedMicros: added[name] ?? Number.NaN,
      };
    });
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
  }
}

export function telemetryTable(results: TelemetryResult[]): string {
  return [
    `Telemetry cost, GET /pets/{id}: ${ROUNDS} interleaved rounds of ${SECONDS} s, ${CONNECTIONS} connections; × = rate ÷ the bare server's in the same round (median, min–max).`,
    '',
    '| limis on node | req/s | × bare | CPU µs/req | handler µs added (in-process) | of the bare request |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => {
      const bare = results.find((b) => b.server === BASELINE)!.cpuMicrosPerRequest;
      const added = Number.isNaN(r.addedMicros)
        ? '–'
        : `${r.addedMicros.toFixed(2)} | ${((100 * r.addedMicros) / bare).toFixed(1)} %`;
      return `| ${DESCRIPTIONS[r.server]} | ${Math.round(r.rate)} | ${r.ratio.median.toFixed(3)} (${r.ratio.min.toFixed(3)}–${r.ratio.max.toFixed(3)}) | ${r.cpuMicrosPerRequest.toFixed(1)} | ${Number.isNaN(r.addedMicros) ? '– | –' : added} |`;
    }),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { pinLoad } = await import('./server-process.js');
  pinLoad();
  console.log(telemetryTable(await telemetryBenchmark()));
}
