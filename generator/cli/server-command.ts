import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Io } from './output.js';

export interface ServerCommandOptions {
  /** Given on the command line; else LIMIS_PORT, PORT, the config's `http.port`, 8080. */
  port?: number;
  host?: string;
  websocket?: boolean;
  /** Given on the command line; else LIMIS_WS_PORT, the config's `ws.port`, 8888. */
  wsPort?: number | 'http';
  contextRoot?: string;
  config: string;
  adapter?: 'koa' | 'node';
  debug?: boolean;
  /** `etcd://host:port[,…]`; else LIMIS_REGISTRY, the config's `registry`. */
  registry?: string;
  registryTtl?: number;
  advertiseUrl?: string;
  /** `nats://…` or `redis://…`; else LIMIS_BUS, the config's `bus`. */
  bus?: string;
  /** Processes sharing the ports; `auto` = one per core. Else LIMIS_WORKERS, 1. */
  workers?: number | 'auto';
  /** `false` from `--no-metrics`; else LIMIS_METRICS, the config's `metrics`. */
  metrics?: boolean;
}

/** `limis server`: loads the config (TypeScript, through tsx), serves until SIGINT/SIGTERM, then drains. */
export async function serverCommand(options: ServerCommandOptions, io: Io): Promise<number> {
  const configPath = resolve(options.config);
  if (!existsSync(configPath)) {
    io.err(`limis: ${options.config} not found; it lists the services to serve (limis create-project makes one)`);
    return 1;
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { serveWorkers } = await import('limis/runtime');
  const config = (await import(pathToFileURL(configPath).href)).default;
  if (!config || !Array.isArray(config.services)) {
    io.err(`limis: ${options.config} must export default { services: [...] }`);
    return 1;
  }
  if (config.services.length === 0)
    io.err(`limis: ${options.config} lists no services yet; add one with \`limis create-service <name>\``);
  for (const unserved of await unservedServices(resolve(configPath, '..'), config.services)) {
    io.err(
      `limis: services/${unserved.folder} is generated but ${options.config} does not serve ${unserved.name}; add it to services: [...]`,
    );
  }
  // The same entry a production build runs (`node dist/server.js`): limis/runtime's serveWorkers, nothing of the CLI.
  await serveWorkers(config, { ...options, log: io.out });
  return process.exitCode === 1 ? 1 : 0;
}

/** Services generated under services/ (their factories name them) that the config does not list. */
async function unservedServices(
  projectDir: string,
  served: ReadonlyArray<{ name: string }>,
): Promise<Array<{ folder: string; name: string }>> {
  const names = new Set(served.map((s) => s.name));
  const found: Array<{ folder: string; name: string }> = [];
  const folders = await readdir(join(projectDir, 'services'), { withFileTypes: true }).catch(() => []);
  for (const folder of folders.filter((f) => f.isDirectory())) {
    for (const file of ['routes.ts', 'channels.ts']) {
      const text = await readFile(join(projectDir, 'services', folder.name, 'generated', file), 'utf8').catch(() => '');
      const name = /defineService\(\{\s*name: ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/.exec(text)?.[1];
      if (name === undefined) continue;
      const parsed = name.startsWith("'") ? name.slice(1, -1).replace(/\\(.)/g, '$1') : (JSON.parse(name) as string);
      if (!names.has(parsed)) found.push({ folder: folder.name, name: parsed });
    }
  }
  return found;
}
