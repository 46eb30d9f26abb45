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

/** The compilers the tests have: TypeScript 7 (native), 5.9 and 5.4, the oldest generated code supports. */
export type Compiler = 'typescript7' | 'typescript' | 'typescript54';

/**
 * Type-checks a folder under `strict` with the native TypeScript 7 compiler (about 3× faster than 5.9 here);
 * resolves to its diagnostics, '' when clean.
 */
export function typeCheck(dir: string, compiler: Compiler = 'typescript7'): Promise<string> {
  return typeCheckWith(dir, compiler, STRICT_TSCONFIG);
}

/** Type-checks a folder with the given tsconfig (written as the folder's tsconfig.json). */
export async function typeCheckWith(dir: string, compiler: Compiler, tsconfig: object): Promise<string> {
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
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
