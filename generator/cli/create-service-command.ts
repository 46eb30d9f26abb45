import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GeneratedFile } from '../generate.js';
import { generate } from '../generate.js';
import { ContractError } from '../load/problems.js';
import { kebabName } from '../model/names.js';
import { checkServiceName, starterComponents, starterContracts } from '../scaffold/starter-service.js';
import { applyWrites, planWrites } from '../write-files.js';
import { type Io, printProblems } from './output.js';
import { registerInConfig } from './register-in-config.js';

export interface CreateServiceOptions {
  http?: boolean;
  websocket?: boolean;
  out?: string;
  quiet?: boolean;
}

/**
 * `limis create-service <name>`: starter contract(s), their generated code, components that already answer, and
 * the service added to limis.config.ts. Refuses to touch a contract that exists.
 */
export async function createServiceCommand(
  name: string,
  options: CreateServiceOptions,
  io: Io,
  cwd = process.cwd(),
): Promise<number> {
  const invalid = checkServiceName(name);
  if (invalid) {
    io.err(`limis: ${invalid}`);
    return 2;
  }
  const transports = { http: options.http ?? !options.websocket, websocket: options.websocket ?? false };
  const outDir = options.out ?? 'services';
  const contracts = starterContracts(name, transports);
  const existing = contracts.find((c) => existsSync(resolve(cwd, c.path)));
  if (existing) {
    io.err(`limis: ${existing.path} already exists; edit it and run \`limis generate\` instead`);
    return 1;
  }
  const contractFiles: GeneratedFile[] = contracts.map((c) => ({ ...c, owner: 'user' }));
  await applyWrites(contractFiles, await planWrites(contractFiles, cwd), cwd);
  let generated: Awaited<ReturnType<typeof generate>>;
  try {
    generated = await generate({ contracts: contracts.map((c) => c.path), outDir, cwd });
  } catch (error) {
    // Only the contracts this command just wrote are removed: the project is left as it was.
    await Promise.all(contracts.map((c) => rm(resolve(cwd, c.path), { force: true })));
    if (!(error instanceof ContractError)) throw error;
    printProblems(error.problems, io, false, cwd);
    return 1;
  }
  const implemented = new Map(
    generated.services
      .flatMap((service) => starterComponents(service, `${outDir}/${kebabName(service.name)}`, name))
      .map((f) => [f.path, f.text]),
  );
  const files = generated.files.map((f) => (implemented.has(f.path) ? { ...f, text: implemented.get(f.path)! } : f));
  const plan = await planWrites(files, cwd);
  await applyWrites(files, plan, cwd);
  if (!options.quiet)
    for (const path of [...contracts.map((c) => c.path), ...plan.scaffolded]) io.out(`created ${path}`);
  for (const service of generated.services) await registerInConfig(service, outDir, cwd, io, options.quiet);
  return 0;
}
