/**
 * The gateway's cost: GET and a validated 1 KB POST through `limis gateway` (HAProxy) to two instances, and straight
 * to one instance, in interleaved rounds (gateway, direct, direct, gateway, …) so the machine's drift hits both alike.
 * CPU per request is read from /proc for HAProxy's processes and for the instances. Loopback only, bounded:
 * GATEWAY_BENCH_SECONDS per run (default 3), GATEWAY_BENCH_ROUNDS rounds (default 3), 32 connections.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { type Instance, startEtcd, startGateway, startInstance } from '../test/helpers/cluster.js';
import { processTree } from './measure.js';

const SECONDS = Number(process.env.GATEWAY_BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.GATEWAY_BENCH_ROUNDS ?? 3);
const CONNECTIONS = 32;
const TICKS_PER_SECOND = 100;

const SCENARIOS = {
  'GET /pets/{id}': { method: 'GET' as const, path: '/petstore/pets/1' },
  'POST /pets (1 KB, validated)': {
    method: 'POST' as const,
    path: '/petstore/pets',
    body: JSON.stringify({ name: 'Rex', tag: 'x'.repeat(900), status: 'available' }),
    headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key' },
  },
};

/** CPU seconds of a process and its descendants so far (user + system). */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone between two reads.
    }
  }
  return ticks / TICKS_PER_SECOND;
}

export interface GatewayBenchRow {
  scenario: string;
  target: 'gateway → 2 instances' | 'direct → 1 instance';
  rate: number;
  p99: number;
  /** µs of CPU per request: HAProxy's, and the instances'. */
  gatewayCpu: number;
  instanceCpu: number;
}

export async function gatewayBenchmark(): Promise<GatewayBenchRow[]> {
  const etcd = await startEtcd();
  const instances: Instance[] = [];
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  const env = {
    NODE_ENV: 'production',
    PETSTORE_JWT_SECRET: 'bench-secret',
    PETSTORE_API_KEY: 'bench-key',
  };
  try {
    for (let i = 0; i < 2; i++)
      instances.push(await startInstance({ registry: etcd.url, env, args: ['--config', 'bench/gateway.config.ts'] }));
    gateway = await startGateway(etcd.url);
    await gateway.added('http.petstore', 2);
    // Pet 1 exists on both instances, for the GET.
    for (const one of instances)
      await fetch(`${one.httpOrigin}/petstore/pets`, SCENARIOS['POST /pets (1 KB, validated)']);
    // HAProxy's master and worker: the gateway's children (its own Node process only watches the registry).
    const gatewayPids = processTree(gateway.process.pid!).slice(1);
    const instancePids = instances.flatMap((one) => processTree(one.process.pid!));
    const targets = [
      { name: 'gateway → 2 instances' as const, url: gateway.url },
      { name: 'direct → 1 instance' as const, url: instances[0]!.httpOrigin },
    ];
    const samples = new Map<string, Array<{ rate: number; p99: number; gatewayCpu: number; instanceCpu: number }>>();
    for (let round = 0; round < ROUNDS; round++) {
      // ABBA order: neither target always runs first, when the machine is freshest.
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const [scenario, request] of Object.entries(SCENARIOS)) {
        for (const target of order) {
          const before = { gateway: cpuSeconds(gatewayPids), instances: cpuSeconds(instancePids) };
          const run = await autocannon({
            url: `${target.url}${request.path}`,
            connections: CONNECTIONS,
            duration: SECONDS,
            ...request,
          });
          if (run.non2xx > 0 || run.errors > 0)
            throw new Error(`${target.name} ${scenario}: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
          const perRequest = (seconds: number) => (seconds * 1e6) / run.requests.total;
          const key = `${scenario}|${target.name}`;
          samples.set(key, [
            ...(samples.get(key) ?? []),
            {
              rate: run.requests.average,
              p99: run.latency.p99,
              gatewayCpu: target.name.startsWith('gateway') ? perRequest(cpuSeconds(gatewayPids) - before.gateway) : 0,
              instanceCpu: perRequest(cpuSeconds(instancePids) - before.instances),
            },
          ]);
          process.stderr.write(
            `gateway bench round ${round + 1}: ${target.name} ${scenario} ${Math.round(run.requests.average)}/s\n`,
          );
        }
      }
    }
    return [...samples].map(([key, runs]) => {
      const [scenario, target] = key.split('|') as [string, GatewayBenchRow['target']];
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      return {
        scenario,
        target,
        rate: median(runs.map((r) => r.rate)),
        p99: median(runs.map((r) => r.p99)),
        gatewayCpu: median(runs.map((r) => r.gatewayCpu)),
        instanceCpu: median(runs.map((r) => r.instanceCpu)),
      };
    });
  } finally {
    await gateway?.stop();
    await Promise.all(instances.map((one) => one.stop()));
    await etcd.stop();
  }
}

export function gatewayTable(rows: readonly GatewayBenchRow[]): string {
  const lines = [
    `Gateway: ${ROUNDS} interleaved rounds of ${SECONDS} s, ${CONNECTIONS} connections, medians; × = gateway ÷ direct.`,
    '',
    '| scenario | path | req/s | p99 ms | HAProxy CPU µs/req | instances CPU µs/req | req/s × | total CPU/req × |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const scenario of new Set(rows.map((r) => r.scenario))) {
    const direct = rows.find((r) => r.scenario === scenario && r.target.startsWith('direct'))!;
    for (const row of rows.filter((r) => r.scenario === scenario)) {
      const total = (r: GatewayBenchRow) => r.gatewayCpu + r.instanceCpu;
      lines.push(
        `| ${scenario} | ${row.target} | ${Math.round(row.rate)} | ${row.p99} | ${row.gatewayCpu.toFixed(0)} | ${row.instanceCpu.toFixed(0)} | ${(row.rate / direct.rate).toFixed(2)} | ${(total(row) / total(direct)).toFixed(2)} |`,
      );
    }
  }
  return lines.join('\n');
}
