import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { localInstall, packageVersion } from '../package-paths.js';
import { checkProjectName, limisSpecs, scaffoldProject } from '../scaffold/scaffold-project.js';
import { applyWrites, planWrites } from '../write-files.js';
import { createServiceCommand } from './create-service-command.js';
import type { Io } from './output.js';

export interface CreateProjectOptions {
  /** The version range (or `file:` path) of limis the project depends on. */
  limis?: string;
  quiet?: boolean;
}

/** `limis create-project <name> [dir]`: a project that `npm install && npm start` serves at once. */
export async function createProjectCommand(
  name: string,
  dir: string | undefined,
  options: CreateProjectOptions,
  io: Io,
): Promise<number> {
  const invalid = checkProjectName(name);
  if (invalid) {
    io.err(`limis: ${invalid}`);
    return 2;
  }
  const target = resolve(dir ?? name);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    io.err(`limis: ${relative(process.cwd(), target) || '.'} is not empty; choose a new folder`);
    return 1;
  }
  await mkdir(target, { recursive: true });
  const files = scaffoldProject({ name, limis: limisSpecs(options.limis, packageVersion(), localInstall()) }).map(
    (f) => ({
      ...f,
      owner: 'user' as const,
    }),
  );
  await applyWrites(files, await planWrites(files, target), target);
  const code = await createServiceCommand('hello', { http: true, websocket: true, quiet: true }, io, target);
  if (code !== 0) return code;
  if (!options.quiet) {
    const where = relative(process.cwd(), target) || basename(target);
    io.out(`created ${name} in ${where}, with a starter service "hello"`);
    io.out('');
    io.out(`  cd ${where}`);
    io.out('  npm install');
    io.out('  npm start        # then: curl http://localhost:8080/hello/hello');
  }
  return 0;
}
