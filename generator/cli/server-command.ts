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
  const { createRuntime } = await import('limis/runtime');
  const config = (await import(pathToFileURL(configPath).href)).default;
  if (!config || !Array.isArray(config.services)) {
    io.err(`limis: ${options.config} must export default { services: [...] }`);
    return 1;
  }
  if (config.services.length === 0)
    io.err(`limis: ${options.config} lists no services yet; add one with \`limis create-service <name>\``);
  // A flag, then the environment, then the config, then the default: what users of every other server expect.
  const env = process.env;
  const port =
    options.port ?? envPort(env.LIMIS_PORT, 'LIMIS_PORT') ?? envPort(env.PORT, 'PORT') ?? config.http?.port ?? 8080;
  const wsPort =
    options.wsPort ??
    (env.LIMIS_WS_PORT === 'http' ? 'http' : envPort(env.LIMIS_WS_PORT, 'LIMIS_WS_PORT')) ??
    config.ws?.port ??
    8888;
  const host = options.host ?? (env.LIMIS_HOST || undefined) ?? config.http?.host;
  const runtime = createRuntime({
    ...config,
    contextRoot: options.contextRoot ?? (env.LIMIS_CONTEXT_ROOT || undefined) ?? config.contextRoot,
    adapter: options.adapter ?? config.adapter,
    validateResponses: options.debug ? true : config.validateResponses,
    http: { ...config.http, port, host },
    ws: options.websocket ? { ...config.ws, port: wsPort, host: config.ws?.host ?? host } : undefined,
  });
  for (const unserved of await unservedServices(resolve(configPath, '..'), runtime.services)) {
    io.err(
      `limis: services/${unserved.folder} is generated but ${options.config} does not serve ${unserved.name}; add it to services: [...]`,
    );
  }
  await runtime.start();
  const root = options.contextRoot ?? config.contextRoot;
  for (const service of runtime.services) {
    const path = [root, service.path].filter(Boolean).join('/');
    if (service.handlers.length > 0) io.out(`limis: serving ${service.name} at ${runtime.httpUrl}/${path}`);
    if (service.channels.length > 0 && options.websocket)
      io.out(`limis: serving ${service.name} at ${runtime.wsUrl}/${path}`);
  }
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      io.out('limis: stopping, waiting for in-flight requests');
      runtime.stop().then(resolveStop, resolveStop);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

function envPort(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name}=${value} is not a port (0-65535)`);
  return port;
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
