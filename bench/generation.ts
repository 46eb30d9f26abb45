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
  /** Milliseconds per phase of `limis generate --timings`: load, model, emit, validators, format, scaffold, write. */
  phases: Record<string, number>;
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
    ...node([join(root, 'generator/bin/limis.js'), 'generate', '--json', '--timings', '--out', out, ...contracts]),
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
  const phases = (JSON.parse(generated.stdout.trim().split('\n').pop() ?? '{}') as { timings?: Record<string, number> })
    .timings;
  return {
    case: name,
    operations,
    phases: phases ?? {},
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
  const synthetic = join(scratch, 'synthetic-3000.json');
  await writeFile(synthetic, JSON.stringify(syntheticContract(3000)));
  results.push(await measureCase('synthetic, 3,000 operations', [synthetic], join(scratch, 'synthetic'), 3000));
  return results;
}

/**
 * A contract of `operations` operations, made here so its size is exact: CRUD-like paths of 3 operations each over
 * a schema per resource (an object with a nested array of another resource's schema, so references chain), path and
 * query parameters, request bodies and two responses per operation.
 */
export function syntheticContract(operations: number): Record<string, unknown> {
  const resources = Math.ceil(operations / 3);
  const schemas: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < resources; i++) {
    schemas[`Item${i}`] = {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'integer', minimum: 1 },
        name: { type: 'string', maxLength: 200 },
        status: { type: 'string', enum: ['active', 'archived'] },
        ...(i > 0 ? { parts: { type: 'array', items: { $ref: `#/components/schemas/Item${i - 1}` } } } : {}),
      },
    };
    const ref = { $ref: `#/components/schemas/Item${i}` };
    const json = (schema: unknown) => ({ 'application/json': { schema } });
    paths[`/items${i}`] = {
      get: {
        operationId: `listItems${i}`,
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }],
        responses: { '200': { description: 'ok', content: json({ type: 'array', items: ref }) } },
      },
      post: {
        operationId: `createItem${i}`,
        requestBody: { required: true, content: json(ref) },
        responses: { '201': { description: 'created', content: json(ref) }, '400': { description: 'bad' } },
      },
    };
    paths[`/items${i}/{id}`] = {
      get: {
        operationId: `getItem${i}`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: 'ok', content: json(ref) }, '404': { description: 'none' } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Synthetic', version: '1.0.0' },
    paths,
    components: { schemas },
  };
}

export function generationTable(results: GenerationResult[]): string {
  const lines = [
    '| contract | operations | generate s | generate peak MB | where generate’s time went, s | tsc --noEmit s | tsc peak MB |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const r of results) {
    const phases = Object.entries(r.phases)
      .filter(([, ms]) => ms >= 50)
      .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)}`)
      .join(', ');
    lines.push(
      `| ${r.case} | ${r.operations} | ${(r.generateMs / 1000).toFixed(1)} | ${r.generatePeakMB} | ${phases} | ${(r.typeCheckMs / 1000).toFixed(1)} | ${r.typeCheckPeakMB} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(generationTable(await generationBenchmark()));
}
