import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { isWorkerBusMessage } from './bus/worker-bus.js';
import type { RuntimeOptions } from './runtime.js';
import { type ServeOptions, serve, serveSettings } from './serve.js';
import { answerWorkerScrapes } from './telemetry/worker-metrics.js';

export interface WorkersOptions extends ServeOptions {
  /** Processes serving the same ports: a number, or `auto` for one per available core. Default 1. */
  workers?: number | 'auto';
}

/**
 * `limis server --workers N`: with one worker, `serve`. With more, this process becomes the primary of a
 * `node:cluster`: it forks the workers (each runs the same entry and serves the same HTTP and WebSocket ports,
 * connections shared between them), relays pushes between them when no bus is configured, replaces a worker that
 * dies, and on SIGTERM or SIGINT lets every worker drain before it exits. Resolves once everything has stopped.
 */
export async function serveWorkers(config: RuntimeOptions, options: WorkersOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const count = workerCount(options.workers ?? (env.LIMIS_WORKERS || undefined));
  if (cluster.isWorker || count === 1) {
    const served = await serve(config, options);
    await served.stopped;
    // A worker's IPC channel would keep it alive after draining.
    if (cluster.isWorker) process.disconnect();
    return;
  }
  const settings = serveSettings(config, options);
  // node:cluster does not share a port the kernel picks among the workers' connections.
  if (settings.http?.port === 0 || settings.ws?.port === 0)
    throw new TypeError('several workers share a port chosen beforehand: give --port (and --ws-port) other than 0');
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  let stopping = false;
  const relay = (from: Worker, message: unknown) => {
    if (!isWorkerBusMessage(message)) return;
    for (const worker of Object.values(cluster.workers ?? {}))
      if (worker && worker !== from && worker.isConnected()) worker.send(message);
  };
  cluster.on('message', relay);
  const stopAnswering = settings.metrics === false ? () => undefined : answerWorkerScrapes();
  let stop: () => void = () => undefined;
  const exits: number[] = [];
  const all = new Promise<void>((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      if (!stopping) {
        // A worker that cannot start (a broken config) would be replaced for ever: five exits in ten seconds stop all.
        const now = Date.now();
        exits.push(now);
        while (exits[0]! < now - 10_000) exits.shift();
        if (exits.length >= 5) {
          log(`limis: workers keep exiting (${exits.length} in 10 s); stopping`);
          process.exitCode = 1;
          stop();
        } else {
          log(`limis: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
          cluster.fork();
          return;
        }
      }
      if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
    });
  });
  for (let i = 0; i < count; i++) cluster.fork();
  log(`limis: ${count} workers`);
  await new Promise<void>((resolve) => {
    stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  stopping = true;
  log('limis: stopping every worker, waiting for in-flight requests');
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  await all;
  cluster.off('message', relay);
  stopAnswering();
}

function workerCount(given: number | string | undefined): number {
  if (given === undefined) return 1;
  if (given === 'auto') return availableParallelism();
  const count = Number(given);
  if (!Number.isInteger(count) || count < 1 || count > 1024)
    throw new TypeError(`workers must be a whole number from 1 to 1024, or auto; got ${given}`);
  return count;
}
