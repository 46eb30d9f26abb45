import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { kebabName, memberName } from '../model/names.js';
import type { ServiceModel } from '../model/service-model.js';
import { registerService } from '../scaffold/register-service.js';
import type { Io } from './output.js';

/**
 * Adds a service whose entry (`<out>/<service>/index.ts`) was just scaffolded to the `services` of limis.config.ts,
 * so what was generated is served; when the config is not shaped for that (or missing), says the line to add.
 */
export async function registerInConfig(
  service: ServiceModel,
  outDir: string,
  cwd: string,
  io: Io,
  quiet?: boolean,
): Promise<void> {
  const importPath = `./${outDir}/${kebabName(service.name)}/index.js`;
  const path = resolve(cwd, 'limis.config.ts');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  const updated =
    text === undefined ? undefined : registerService(text, memberName(service.name, 'service'), importPath);
  if (updated === undefined) {
    io.err(`limis: add ${service.name} to the services of limis.config.ts yourself: import it from '${importPath}'`);
    return;
  }
  if (updated !== text) await writeFile(path, updated);
  if (!quiet) io.out(`registered ${service.name} in limis.config.ts`);
}
