import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ContractError, generate } from '../generator/index.js';
import { STRICT_TSCONFIG } from '../test/helpers/workspace.js';

export interface CorpusResult {
  contract: string;
  ok: boolean;
  /** Why it failed: the first problem limis reported, or the first type error in the generated code. */
  reason?: string;
  ms: number;
}

/**
 * Generates each contract into its own folder under `workDir`, then type-checks them all in one TypeScript 7 run
 * (strict), attributing each diagnostic to the contract whose folder it is in. `workDir` must sit inside the
 * repository, so generated code resolves `limis/runtime` to this checkout.
 */
export async function runCorpus(
  contracts: string[],
  workDir: string,
  onResult?: (result: CorpusResult, index: number) => void,
): Promise<CorpusResult[]> {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const results: CorpusResult[] = [];
  for (const [index, contract] of contracts.entries()) {
    const started = performance.now();
    const outDir = join(workDir, String(index));
    try {
      const { files } = await generate({ contracts: [contract], outDir });
      for (const file of files) {
        await mkdir(join(file.path, '..'), { recursive: true });
        await writeFile(file.path, file.text);
      }
      results.push({ contract, ok: true, ms: performance.now() - started });
    } catch (error) {
      const reason =
        error instanceof ContractError
          ? (error.problems.find((p) => p.severity === 'error')?.message ?? error.message)
          : `limis crashed: ${(error as Error).stack}`;
      results.push({ contract, ok: false, reason, ms: performance.now() - started });
    }
    onResult?.(results.at(-1)!, index);
  }
  await writeFile(join(workDir, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG));
  const tsc = join(import.meta.dirname, '../node_modules/typescript7/bin/tsc');
  const output = await promisify(execFile)(
    process.execPath,
    [tsc, '-p', join(workDir, 'tsconfig.json'), '--pretty', 'false'],
    { cwd: workDir, maxBuffer: 256 * 1024 * 1024 },
  ).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  for (const line of output.split('\n')) {
    const folder = /^(\d+)\//.exec(line)?.[1];
    const result = folder === undefined ? undefined : results[Number(folder)];
    if (result?.ok) {
      result.ok = false;
      result.reason = `type error in the generated code: ${line}`;
    }
  }
  return results.map((r) => ({ ...r, contract: relative(process.cwd(), r.contract) }));
}
