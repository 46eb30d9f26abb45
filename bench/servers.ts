/**
 * One benchmark server per process: `node --import tsx bench/servers.ts <name>` loads only that server's module
 * (so its memory and start-up are its own), listens on an ephemeral port on 127.0.0.1, prints it, answers `cpu` and
 * `rss` over IPC, and stops on SIGTERM. Every server answers the same two routes the same way.
 */

import type { Stop } from './servers/shared.js';

const MODULES: Record<string, string> = {
  'node-http': './servers/node-http.js',
  koa: './servers/koa.js',
  'limis-koa': './servers/limis.js',
  'limis-node': './servers/limis.js',
  'limis-node-bare': './servers/limis.js',
  'limis-node-metrics': './servers/limis.js',
  'limis-node-sdk': './servers/limis.js',
  'fastify-openapi-glue': './servers/fastify-openapi-glue.js',
  'openapi-backend': './servers/openapi-backend.js',
  'hono-zod-openapi': './servers/hono-zod-openapi.js',
  orpc: './servers/orpc.js',
  'ws-raw': './servers/ws-raw.js',
  'limis-ws': './servers/limis-ws.js',
};

const name = process.argv[2] ?? '';
const module = MODULES[name];
if (!module) throw new Error(`no benchmark server ${name}; one of ${Object.keys(MODULES).join(', ')}`);
const { start } = (await import(module)) as { start(name: string): Promise<Stop> };
const stop = await start(name);
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  } else if (message === 'rss') process.send?.({ rssBytes: process.memoryUsage.rss() });
});
process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
