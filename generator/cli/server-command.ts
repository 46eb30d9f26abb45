import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Io } from './output.js';

export interface ServerCommandOptions {
  port: number;
  websocket?: boolean;
  wsPort: number | 'http';
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
  const runtime = createRuntime({
    ...config,
    contextRoot: options.contextRoot ?? config.contextRoot,
    adapter: options.adapter ?? config.adapter,
    validateResponses: options.debug ? true : config.validateResponses,
    http: { ...config.http, port: options.port },
    ws: options.websocket ? { ...config.ws, port: options.wsPort } : undefined,
  });
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
