import { appendPointer } from '../json-pointer.js';
import { dependencyOrder, largestCycle } from '../model/reference-graph.js';
import type { Reporter, ServiceModel } from '../model/service-model.js';
import { compileValidators, type ValidatorJob } from './compile-validators.js';
import { compileValidatorsDeep } from './compile-validators-deep.js';
import { type EmittedFile, generatedHeader } from './generated-file.js';
import { RUNTIME_ENTRY } from './names.js';
import { planValidators, validationSchema } from './validator-plan.js';

/** Cycles of named schemas up to this size compile on the main thread's stack; larger ones on a worker's. */
const MAIN_STACK_CYCLE = 64;

/**
 * `generated/validators.js` (+ `.d.ts`): ajv standalone code compiled now, so the server compiles no schema
 * at start-up. ajv's output `require()`s a few helpers; they are taken from `limis/runtime` instead, so the
 * module is plain ESM and depends on nothing but the runtime.
 */
export function emitValidators(service: ServiceModel, report: Reporter): EmittedFile[] {
  const named = new Map(service.schemas.map((s) => [s.name, s.schema]));
  const forAjv = (schema: unknown) => validationSchema(schema, (name) => named.get(name), service.formats);
  const { validators } = planValidators(service);
  const everySchema = JSON.stringify([...service.schemas.map((s) => s.schema), ...validators.map((v) => v.schema)]);
  const job: ValidatorJob = {
    components: dependencyOrder(service.schemas).map((s) => ({
      name: s.name,
      schema: forAjv(s.schema),
      pointer: appendPointer('/components/schemas', s.name),
    })),
    validators: validators.map((v) => ({ exportName: v.exportName, schema: forAjv(v.schema), pointer: v.pointer })),
    reached: dependencyOrder(
      service.schemas,
      validators.map((v) => v.schema),
    ).map((s) => s.name),
    // Whether any schema — named, or inline in an operation or message — uses the keywords only some contracts pay for.
    unevaluated: /"unevaluated(Properties|Items)"/.test(everySchema),
    dynamicRef: /"\$dynamic(Ref|Anchor)"/.test(everySchema),
  };
  const cycle = largestCycle(service.schemas);
  // About 4 KB of stack per schema of the cycle ajv recurses through, with room to spare.
  const build = cycle <= MAIN_STACK_CYCLE ? compileValidators(job) : compileValidatorsDeep(job, 16 + cycle / 64);
  for (const failure of build.failures) report.error(failure.pointer, failure.message);
  const header = generatedHeader(service);
  return [
    { path: 'generated/validators.js', text: `${header}${importRuntimeHelpers(build.code)}\n` },
    { path: 'generated/validators.d.ts', text: `${header}${declarations(build.exports)}` },
  ];
}

const HELPER_REQUIRE = /\brequire\(("(?:ajv|ajv-formats)\/dist\/[\w/-]+")\)/g;

function importRuntimeHelpers(code: string): string {
  const rewritten = code.replace(HELPER_REQUIRE, 'ajvHelper($1)');
  if (/\brequire\(/.test(rewritten.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) {
    throw new Error('ajv emitted a require() limis does not know; please report this as a limis bug');
  }
  const needsHelpers = rewritten !== code;
  const body = rewritten.replace(/^"use strict";/, '');
  return needsHelpers ? `import { ajvHelper } from '${RUNTIME_ENTRY}';\n${body}` : body;
}

function declarations(names: string[]): string {
  if (names.length === 0) return 'export {};\n';
  return [
    `import type { Validator } from '${RUNTIME_ENTRY}';`,
    '',
    ...names.map((name) => `export declare const ${name}: Validator;`),
    '',
  ].join('\n');
}
