import AjvCore, { type Options } from 'ajv/dist/core.js';
import draft2020Vocabularies from 'ajv/dist/vocabularies/draft2020.js';
import addFormats from 'ajv-formats';
import { appendPointer } from '../json-pointer.js';
import type { Reporter, ServiceModel } from '../model/service-model.js';
import { standaloneModule } from './ajv-standalone.js';
import { type EmittedFile, generatedHeader } from './generated-file.js';
import { RUNTIME_ENTRY } from './names.js';
import { COMPONENTS_ID, componentRef, planValidators, validationSchema } from './validator-plan.js';

/** OpenAPI's own formats: annotations only, so ajv neither rejects the schema nor checks them. */
const OPENAPI_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password'];

/**
 * `generated/validators.js` (+ `.d.ts`): ajv standalone code compiled now, so the server compiles no schema
 * at start-up. ajv's output `require()`s a few helpers; they are taken from `limis/runtime` instead, so the
 * module is plain ESM and depends on nothing but the runtime.
 */
export function emitValidators(service: ServiceModel, report: Reporter): EmittedFile[] {
  const ajv = new ContractAjv({
    // No dead-name elimination pass: it was 40 % of compiling GitHub's contract (14.6 s → 8.5 s without), for 8 % less
    // code whose dead stores V8 drops anyway.
    code: { source: true, esm: true, lines: true, optimize: false },
    strict: false,
    allErrors: true,
    logger: false,
    // A named schema compiles to one function that every validator calls, instead of a copy in each.
    inlineRefs: false,
    // Tracking evaluated properties across those functions doubles the code; only contracts that use it pay.
    unevaluated: usesKeyword(service, /"unevaluated(Properties|Items)"/),
    dynamicRef: usesKeyword(service, /"\$dynamic(Ref|Anchor)"/),
  });
  addFormats.default(ajv);
  for (const format of OPENAPI_FORMATS) ajv.addFormat(format, true);
  const named = new Map(service.schemas.map((s) => [s.name, s.schema]));
  const forAjv = (schema: unknown) => validationSchema(schema, (name) => named.get(name));
  const $defs = Object.fromEntries(service.schemas.map((s) => [s.name, forAjv(s.schema)]));
  ajv.addSchema({ $id: COMPONENTS_ID, $defs });
  for (const schema of service.schemas) {
    compileOrReport(ajv, componentRef(schema.name), appendPointer('/components/schemas', schema.name), report);
  }
  const { validators } = planValidators(service);
  const exports: Record<string, string> = {};
  for (const validator of validators) {
    ajv.addSchema(forAjv(validator.schema) as object, validator.exportName);
    if (compileOrReport(ajv, validator.exportName, validator.pointer, report))
      exports[validator.exportName] = validator.exportName;
  }
  const code = Object.keys(exports).length === 0 ? 'export {};' : standaloneModule(ajv, exports);
  const header = generatedHeader(service);
  return [
    { path: 'generated/validators.js', text: `${header}${importRuntimeHelpers(code)}\n` },
    { path: 'generated/validators.d.ts', text: `${header}${declarations(Object.keys(exports))}` },
  ];
}

/** Whether any schema of the service — named, or inline in an operation or message — uses a keyword. */
function usesKeyword(service: ServiceModel, keyword: RegExp): boolean {
  const { validators } = planValidators(service);
  return [...service.schemas.map((s) => s.schema), ...validators.map((v) => v.schema)].some((schema) =>
    keyword.test(JSON.stringify(schema)),
  );
}

/**
 * JSON Schema 2020-12 like ajv's Ajv2020, which forces `unevaluated` and `dynamicRef` on: with them every compiled
 * function tracks the properties it evaluated, which more than doubles large contracts' validators (GitHub's REST
 * API: 14.8 MB). Here they are on only for contracts that use those keywords.
 */
class ContractAjv extends AjvCore.default {
  constructor(options: Options) {
    super({ ...options, next: true, meta: false, validateSchema: false });
  }

  override _addVocabularies(): void {
    super._addVocabularies();
    for (const vocabulary of draft2020Vocabularies.default) this.addVocabulary(vocabulary);
  }
}

function compileOrReport(ajv: AjvCore.default, key: string, pointer: string, report: Reporter): boolean {
  try {
    ajv.getSchema(key);
    return true;
  } catch (error) {
    report.error(pointer, `schema cannot be compiled: ${(error as Error).message}`);
    return false;
  }
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
