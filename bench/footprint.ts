/**
 * Memory and start-up of the petstore service, limis against fastify-openapi-glue, interleaved: each of
 * BENCH_FOOTPRINT_RUNS runs starts each server fresh (in a random order), times `node` start to the first answered
 * request, reads its resident set idle, then under a few seconds of load.
 */

import autocannon from 'autocannon';
import { API_KEY_HEADER, POST_BODY } from './conformance.js';
import { median, rssOf, shuffle, startServer } from './server-process.js';

const RUNS = Number(process.env.BENCH_FOOTPRINT_RUNS ?? 5);
const SERVERS = ['limis-node', 'fastify-openapi-glue'];

export interface Footprint {
  server: string;
  /** Milliseconds from forking `node` to the first 200 answer. */
  startupMs: number;
  idleRssMB: number;
  loadedRssMB: number;
}

export async function measureFootprints(): Promise<Footprint[]> {
  const runs = new Map<string, Array<Omit<Footprint, 'server'>>>(SERVERS.map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const name of shuffle(SERVERS)) {
      const started = performance.now();
      const { child, port } = await startServer(name);
      try {
        while ((await fetch(`http://127.0.0.1:${port}/petstore/pets/1`).catch(() => undefined))?.status !== 200);
        const startupMs = performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const idle = await rssOf(child);
        const load = Promise.all([
          autocannon({ url: `http://127.0.0.1:${port}/petstore/pets/1`, connections: 25, duration: 3 }),
          autocannon({
            url: `http://127.0.0.1:${port}/petstore/pets`,
            connections: 25,
            duration: 3,
            method: 'POST',
            body: POST_BODY,
            headers: { 'content-type': 'application/json', ...API_KEY_HEADER },
          }),
        ]);
        await new Promise((resolve) => setTimeout(resolve, 2500));
        const loaded = await rssOf(child);
        await load;
        runs.get(name)!.push({ startupMs, idleRssMB: idle / 2 ** 20, loadedRssMB: loaded / 2 ** 20 });
      } finally {
        child.kill('SIGTERM');
      }
    }
  }
  return SERVERS.map((server) => {
    const of = runs.get(server)!;
    return {
      server,
      startupMs: median(of.map((r) => r.startupMs)),
      idleRssMB: median(of.map((r) => r.idleRssMB)),
      loadedRssMB: median(of.map((r) => r.loadedRssMB)),
    };
  });
}

export function footprintTable(results: Footprint[]): string {
  return [
    `Memory and start-up (petstore, production mode, under tsx as the benchmark runs every server; median of ${RUNS} interleaved runs):`,
    '',
    '| server | start to first answer, ms | RSS idle, MB | RSS under load, MB |',
    '| --- | ---: | ---: | ---: |',
    ...results.map(
      (r) => `| ${r.server} | ${Math.round(r.startupMs)} | ${r.idleRssMB.toFixed(1)} | ${r.loadedRssMB.toFixed(1)} |`,
    ),
  ].join('\n');
}
