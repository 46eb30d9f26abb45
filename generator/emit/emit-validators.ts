import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { appendPointer } from '../json-pointer.js';
import type { Reporter, ServiceModel } from '../model/service-model.js';
import { generatedHeader, type EmittedFile } from './generated-file.js';
import { COMPONENTS_ID, componentRef, planValidators, rewriteRefs } from './validator-plan.js';

/** OpenAPI's own formats: annotations only, so ajv neither rejects the schema nor checks them. */
const OPENAPI_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password'];

/**
 * `generated/validators.js` (+ `.d.ts`): ajv standalone code compiled now, so the server compiles no schema
 * at start-up. ajv's output `require()`s a few helpers; they are taken from `limis/runtime` instead, so the
 * module is plain ESM and depends on nothing but the runtime.
 */
export function emitValidators(service: ServiceModel, report: Reporter): EmittedFile[] {
  const ajv = new Ajv2020({
    code: { source: true, esm: true, lines: true },
    strict: false,
    allErrors: true,
    logger: false,
    // A named schema compiles to one function that every validator calls, instead of a copy in each.
    inlineRefs: false,
  });
  addFormats.default(ajv);
  for (const format of OPENAPI_FORMATS) ajv.addFormat(format, true);
  const $defs = Object.fromEntries(service.schemas.map((s) => [s.name, rewriteRefs(s.schema)]));
  ajv.addSchema({ $id: COMPONENTS_ID, $defs });
  for (const schema of service.schemas) {
    compileOrReport(ajv, componentRef(schema.name), appendPointer('/components/schemas', schema.name), report);
  }
  const { validators } = planValidators(service);
  const exports: Record<string, string> = {};
  for (const validator of validators) {
    ajv.addSchema(rewriteRefs(validator.schema) as object, validator.exportName);
    if (compileOrReport(ajv, validator.exportName, validator.pointer, report)) exports[validator.exportName] = validator.exportName;
  }
  const code = Object.keys(exports).length === 0 ? 'export {};' : standaloneCode.default(ajv, exports);
  const header = generatedHeader(service);
  return [
    { path: 'generated/validators.js', text: `${header}${importRuntimeHelpers(code)}\n` },
    { path: 'generated/validators.d.ts', text: `${header}${declarations(Object.keys(exports))}` },
  ];
}

function compileOrReport(ajv: Ajv2020, key: string, pointer: string, report: Reporter): boolean {
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
  return needsHelpers ? `import { ajvHelper } from 'limis/runtime';\n${body}` : body;
}

function declarations(names: string[]): string {
  if (names.length === 0) return 'export {};\n';
  return [
    "import type { Validator } from 'limis/runtime';",
    '',
    ...names.map((name) => `export declare const ${name}: Validator;`),
    '',
  ].join('\n');
}
