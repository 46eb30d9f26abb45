/**
 * Push fan-out across instances: 100 consumers of one room, spread over two instances joined by NATS or by Redis,
 * against one instance with the in-process default; pushes published as fast as 4 concurrent POSTs allow. Rounds
 * are interleaved (each round runs every setup, in a rotating order) so the machine's drift hits all alike.
 * Loopback only, bounded: FANOUT_BENCH_SECONDS per run (default 3), FANOUT_BENCH_ROUNDS rounds (default 3).
 */
import WebSocket from 'ws';
import { type Broker, type Instance, startBroker, startInstance } from '../test/helpers/cluster.js';

const SECONDS = Number(process.env.FANOUT_BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.FANOUT_BENCH_ROUNDS ?? 3);
const CONSUMERS = 100;

export interface FanoutRow {
  setup: string;
  /** Messages delivered to consumers per second, median of the rounds. */
  delivered: number;
  /** Milliseconds from the POST that published a push to its arrival at a consumer. */
  p50: number;
  p99: number;
}

interface Setup {
  name: string;
  publisher: Instance;
  sockets: WebSocket[];
  latencies: number[];
  received: number;
}

async function connect(setup: Setup, instances: readonly Instance[]): Promise<void> {
  for (let i = 0; i < CONSUMERS; i++) {
    const socket = new WebSocket(`${instances[i % instances.length]!.wsOrigin}/chat/rooms/bench`);
    socket.on('message', (data) => {
      const sent = Number((JSON.parse(String(data)) as { payload: { text: string } }).payload.text);
      setup.latencies.push(performance.now() - sent);
      setup.received++;
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    setup.sockets.push(socket);
  }
}

async function publishFor(setup: Setup, seconds: number): Promise<void> {
  const until = performance.now() + seconds * 1000;
  const url = `${setup.publisher.httpOrigin}/chat/rooms/bench/messages`;
  const worker = async () => {
    while (performance.now() < until) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ author: 'bench', text: String(performance.now()) }),
      });
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  // What is still on its way counts for this run.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export async function fanoutBenchmark(): Promise<FanoutRow[]> {
  const brokers: Broker[] = [];
  const instances: Instance[] = [];
  const setups: Setup[] = [];
  const env = { NODE_ENV: 'production', PETSTORE_JWT_SECRET: 'bench-secret', PETSTORE_API_KEY: 'bench-key' };
  try {
    const alone = await startInstance({ env });
    instances.push(alone);
    setups.push({ name: 'one instance, in-process', publisher: alone, sockets: [], latencies: [], received: 0 });
    for (const kind of ['nats', 'redis'] as const) {
      const broker = await startBroker(kind);
      brokers.push(broker);
      const pair = await Promise.all([0, 1].map(() => startInstance({ env, args: ['--bus', broker.url] })));
      instances.push(...pair);
      setups.push({ name: `two instances, ${kind}`, publisher: pair[0]!, sockets: [], latencies: [], received: 0 });
      await connect(setups.at(-1)!, pair);
    }
    await connect(setups[0]!, [alone]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const runs = new Map<string, Array<{ delivered: number; p50: number; p99: number }>>();
    for (let round = 0; round < ROUNDS; round++) {
      const order = setups.map((_, i) => setups[(i + round) % setups.length]!);
      for (const setup of order) {
        setup.latencies = [];
        setup.received = 0;
        const started = performance.now();
        await publishFor(setup, SECONDS);
        const elapsed = (performance.now() - started) / 1000;
        runs.set(setup.name, [
          ...(runs.get(setup.name) ?? []),
          {
            delivered: setup.received / elapsed,
            p50: percentile(setup.latencies, 50),
            p99: percentile(setup.latencies, 99),
          },
        ]);
        process.stderr.write(
          `fan-out round ${round + 1}: ${setup.name} ${Math.round(setup.received / elapsed)} msg/s\n`,
        );
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return setups.map(({ name }) => {
      const all = runs.get(name)!;
      return {
        setup: name,
        delivered: median(all.map((r) => r.delivered)),
        p50: median(all.map((r) => r.p50)),
        p99: median(all.map((r) => r.p99)),
      };
    });
  } finally {
    for (const setup of setups) for (const socket of setup.sockets) socket.close();
    await Promise.all(instances.map((one) => one.stop()));
    await Promise.all(brokers.map((broker) => broker.stop()));
  }
}

export function fanoutTable(rows: readonly FanoutRow[]): string {
  const base = rows[0]!;
  return [
    `Push fan-out to ${CONSUMERS} consumers: ${ROUNDS} interleaved rounds of ${SECONDS} s, medians; × = against one instance in-process.`,
    '',
    '| setup | delivered msg/s | × | p50 ms | p99 ms | p99 × |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.setup} | ${Math.round(r.delivered)} | ${(r.delivered / base.delivered).toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p99 / base.p99).toFixed(2)} |`,
    ),
  ].join('\n');
}
