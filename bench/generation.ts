/**
 * The generation benchmark: `limis generate` and `tsc --noEmit` (TypeScript 7, strict) on GitHub's REST API
 * description from @octokit/openapi, then on 50 small contracts in one run. Wall time and peak RSS of each step.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRICT_TSCONFIG } from '../test/helpers/workspace.js';
import { runMeasured } from './measure.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);

export interface GenerationResult {
  case: string;
  operations: number;
  generateMs: number;
  generatePeakMB: number;
  typeCheckMs: number;
  typeCheckPeakMB: number;
}

/** Node on every core, as users run it, even when called from the HTTP benchmark, which pins itself to one. */
function node(args: string[]): [string, string[]] {
  if (!existsSync('/usr/bin/taskset')) return [process.execPath, args];
  return ['taskset', ['-c', `0-${availableParallelism() - 1}`, process.execPath, ...args]];
}

async function measureCase(
  name: string,
  contracts: string[],
  out: string,
  operations: number,
): Promise<GenerationResult> {
  await rm(out, { recursive: true, force: true });
  const generated = await runMeasured(
    ...node([join(root, 'bin/limis.js'), 'generate', '--quiet', '--out', out, ...contracts]),
    { cwd: root },
  );
  if (generated.code !== 0) throw new Error(`${name}: limis generate failed\n${generated.stderr}`);
  await writeFile(join(out, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG));
  const checked = await runMeasured(
    ...node([join(root, 'node_modules/typescript7/bin/tsc'), '-p', join(out, 'tsconfig.json')]),
    { cwd: out },
  );
  if (checked.code !== 0)
    throw new Error(`${name}: the generated code does not type-check\n${checked.stdout.slice(0, 2000)}`);
  return {
    case: name,
    operations,
    generateMs: generated.ms,
    generatePeakMB: generated.peakRssMB,
    typeCheckMs: checked.ms,
    typeCheckPeakMB: checked.peakRssMB,
  };
}

export async function generationBenchmark(): Promise<GenerationResult[]> {
  const scratch = join(here, '.tmp');
  await mkdir(scratch, { recursive: true });
  const github = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(await readFile(github, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const operations = Object.values(spec.paths).reduce(
    (n, item) =>
      n + Object.keys(item).filter((k) => k !== 'parameters' && k !== 'summary' && k !== 'description').length,
    0,
  );
  const results = [
    await measureCase('GitHub REST API (@octokit/openapi)', [github], join(scratch, 'github'), operations),
  ];

  const petstore = await readFile(join(root, 'contracts/petstore.yaml'), 'utf8');
  const small = join(scratch, 'small-contracts');
  await rm(small, { recursive: true, force: true });
  await mkdir(small, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= 50; i++) {
    const file = join(small, `store-${i}.yaml`);
    await writeFile(file, petstore.replace('x-limis-service: petstore', `x-limis-service: store-${i}`));
    files.push(file);
  }
  results.push(await measureCase('50 petstore-sized contracts, one run', files, join(scratch, 'small'), 50 * 5));
  return results;
}

export function generationTable(results: GenerationResult[]): string {
  const lines = [
    '| contract | operations | generate s | generate peak MB | tsc --noEmit s | tsc peak MB | total s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.case} | ${r.operations} | ${(r.generateMs / 1000).toFixed(1)} | ${r.generatePeakMB} | ${(r.typeCheckMs / 1000).toFixed(1)} | ${r.typeCheckPeakMB} | ${((r.generateMs + r.typeCheckMs) / 1000).toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(generationTable(await generationBenchmark()));
}
