/**
 * What telemetry costs, measured interleaved: every variant of limis on the node adapter runs at once, each in its
 * own process on core 0; each round loads every variant once, in a fresh random order, for BENCH_TELEMETRY_SECONDS,
 * and takes each variant's rate as a ratio to the bare server (no tracing, no metrics) of the same round. The median
 * ratio and its spread are reported, so a machine whose speed drifts between rounds moves all variants alike.
 */

import autocannon from 'autocannon';
import { cpuOf, median, startServer } from './server-process.js';

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
}

export async function telemetryBenchmark(): Promise<TelemetryResult[]> {
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
    '| limis on node | req/s | × bare | CPU µs/req |',
    '| --- | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${DESCRIPTIONS[r.server]} | ${Math.round(r.rate)} | ${r.ratio.median.toFixed(3)} (${r.ratio.min.toFixed(3)}–${r.ratio.max.toFixed(3)}) | ${r.cpuMicrosPerRequest.toFixed(1)} |`,
    ),
  ].join('\n');
}

function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { pinLoad } = await import('./server-process.js');
  pinLoad();
  console.log(telemetryTable(await telemetryBenchmark()));
}
