import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Service } from 'limis/runtime';
import { serviceFactoryName } from '../emit/names.js';
import { generate } from '../generate.js';
import { ContractError } from '../load/problems.js';
import { kebabName } from '../model/names.js';
import { defaultContracts } from './generate-command.js';
import { colorsWanted, type Io, printProblems } from './output.js';

export interface MockCommandOptions {
  /** Default 4010, as Prism's. */
  port?: number;
  host?: string;
  /** The values generated from schemas: the same seed, the same answers. Default 1. */
  seed?: number;
  /** Milliseconds between the pushes of every AsyncAPI push operation; 0 for none. Default 1000. */
  pushInterval?: number;
}

/** A generated service factory's result: a service, with its push controller when it pushes. */
type MockedService = Service & { push?: Record<string, (payload: unknown, options?: object) => number> };

/**
 * `limis mock [contracts…]`: serves every operation of the contracts with no implementation — answers drawn from
 * their examples or generated from their schemas (mockComponents) — through the generated handlers, so requests
 * are validated, authorized and answered exactly as the real service would. Generated into a scratch folder under
 * `.limis/` in the project (so the code resolves limis/runtime), removed on exit.
 */
export async function mockCommand(contracts: string[], options: MockCommandOptions, io: Io): Promise<number> {
  const cwd = process.cwd();
  const files = contracts.length > 0 ? contracts : await defaultContracts(cwd);
  if (files.length === 0) {
    io.err('limis: no contracts given and none found in contracts/');
    return 1;
  }
  const scratch = join(cwd, '.limis', `mock-${process.pid}`);
  let generated: Awaited<ReturnType<typeof generate>>;
  try {
    generated = await generate({ contracts: files, outDir: relative(cwd, scratch), cwd });
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    printProblems(error.problems, io, colorsWanted(process.stderr));
    io.err('limis: the contracts have errors; nothing is mocked');
    return 1;
  }
  printProblems(generated.problems, io, colorsWanted(process.stderr));
  for (const file of generated.files.filter((f) => f.owner === 'limis')) {
    await mkdir(dirname(resolve(cwd, file.path)), { recursive: true });
    await writeFile(resolve(cwd, file.path), file.text);
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { createRuntime } = await import('limis/runtime');
  // The faker and the runtime load only when a mock runs, not with every limis command.
  const { mockComponents, mockPusher, mockSecurity } = await import('../mock/mock-components.js');
  const seed = options.seed ?? 1;
  const services = [];
  const pushers: Array<() => void> = [];
  for (const model of generated.services) {
    const module = model.kind === 'asyncapi' ? 'channels.ts' : 'routes.ts';
    const loaded = await import(pathToFileURL(join(scratch, kebabName(model.name), 'generated', module)).href);
    let service: MockedService;
    const components = mockComponents(model, () => service, { seed });
    const security = model.securitySchemes.length > 0 ? { security: mockSecurity(model) } : {};
    service = loaded[serviceFactoryName(model)](components, security);
    services.push(service);
    pushers.push(...model.pushes.map((push) => mockPusher(model, push, service, seed)));
  }
  const runtime = createRuntime({
    services,
    // Each request picks its own answer (Prefer): none may be served from another's.
    cache: false,
    http: { port: options.port ?? 4010, ...(options.host && { host: options.host }) },
    // AsyncAPI channels on the same port, below each service's path.
    ...(generated.services.some((m) => m.kind === 'asyncapi') && { ws: { port: 'http' as const } }),
  });
  const interval = options.pushInterval ?? 1000;
  const timer =
    interval > 0 && pushers.length > 0
      ? setInterval(() => {
          for (const push of pushers) push();
        }, interval)
      : undefined;
  const stop = async () => {
    clearInterval(timer);
    await runtime.stop();
    await rm(scratch, { recursive: true, force: true });
    await rmdir(dirname(scratch)).catch(() => undefined);
  };
  try {
    await runtime.start();
  } catch (error) {
    await stop();
    io.err(`limis: cannot serve the mock: ${(error as Error).message}`);
    return 1;
  }
  for (const service of services) {
    const url = service.channels.length > 0 ? runtime.httpUrl.replace(/^http/, 'ws') : runtime.httpUrl;
    io.out(`limis mock: serving ${service.name} at ${url}/${service.path}`);
  }
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  await stop();
  return 0;
}
