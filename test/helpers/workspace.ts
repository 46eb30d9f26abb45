import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A scratch folder inside the repository (test/.tmp), so generated code resolves `limis/runtime` to this
 * checkout through the package's self-reference, exactly as a user's project resolves it from node_modules.
 */
export async function scratchDir(name: string): Promise<string> {
  const base = join(repoRoot, 'test/.tmp');
  await mkdir(base, { recursive: true });
  return mkdtemp(join(base, `${name}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function writeFiles(dir: string, files: Array<{ path: string; text: string }>): Promise<void> {
  for (const file of files) {
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
}

/** How generated code is type-checked everywhere: the tests, `npm run corpus` and the generation benchmark. */
export const STRICT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    customConditions: ['limis-source'],
    strict: true,
    noUncheckedIndexedAccess: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  },
  include: ['**/*.ts'],
};

/**
 * Type-checks a folder under `strict` with the native TypeScript 7 compiler (about 3× faster than 5.9 here);
 * resolves to its diagnostics, '' when clean.
 */
export async function typeCheck(dir: string, compiler: 'typescript7' | 'typescript' = 'typescript7'): Promise<string> {
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG, null, 2));
  const tsc = join(repoRoot, 'node_modules', compiler, 'bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
      cwd: dir,
    });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || String(error);
  }
}
