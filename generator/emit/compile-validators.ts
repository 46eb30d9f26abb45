import { _, operators, str } from 'ajv/dist/compile/codegen/index.js';
import AjvCore, { type Options } from 'ajv/dist/core.js';
import draft2020Vocabularies from 'ajv/dist/vocabularies/draft2020.js';
import addFormats from 'ajv-formats';
import { standaloneModule } from './ajv-standalone.js';
import { COMPONENTS_ID, componentRef } from './validator-plan.js';

/** OpenAPI's own formats: annotations only, so ajv neither rejects the schema nor checks them. */
const OPENAPI_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password'];

/**
 * What ajv compiles for one service, as plain JSON (so it can be handed to a worker): the named schemas in
 * dependency order and the validators, each schema already as ajv reads it (`validationSchema`).
 */
export interface ValidatorJob {
  components: Array<{ name: string; schema: unknown; pointer: string }>;
  validators: Array<{ exportName: string; schema: unknown; pointer: string }>;
  /** Named schemas the exported validators reach, in dependency order: their code is written first. */
  reached: string[];
  unevaluated: boolean;
  dynamicRef: boolean;
}

export interface ValidatorBuild {
  /** ajv's standalone module (CommonJS `require`s of its helpers left in), or `export {};`. */
  code: string;
  exports: string[];
  failures: Array<{ pointer: string; message: string }>;
}

/** Compiles a service's validators into one standalone module; a schema ajv cannot compile is a failure, not a throw. */
export function compileValidators(job: ValidatorJob): ValidatorBuild {
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
    unevaluated: job.unevaluated,
    dynamicRef: job.dynamicRef,
  });
  addFormats.default(ajv);
  for (const format of OPENAPI_FORMATS) ajv.addFormat(format, true);
  addBigintKeywords(ajv);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: Object.fromEntries(job.components.map((c) => [c.name, c.schema])) });
  const failures: ValidatorBuild['failures'] = [];
  const compiles = (key: string, pointer: string) => {
    try {
      ajv.getSchema(key);
      return true;
    } catch (error) {
      failures.push({ pointer, message: `schema cannot be compiled: ${(error as Error).message}` });
      return false;
    }
  };
  const failed = new Set(
    job.components.filter((c) => !compiles(componentRef(c.name), c.pointer)).map((component) => component.name),
  );
  const exports: Record<string, string> = {};
  for (const validator of job.validators) {
    ajv.addSchema(validator.schema as object, validator.exportName);
    if (compiles(validator.exportName, validator.pointer)) exports[validator.exportName] = validator.exportName;
  }
  const code =
    Object.keys(exports).length === 0
      ? 'export {};'
      : standaloneModule(ajv, exports, job.reached.filter((name) => !failed.has(name)).map(componentRef));
  return { code, exports: Object.keys(exports), failures };
}

/**
 * The checks of an `x-limis-bigint` integer (`bigintValidation`): a `bigint`, within bounds written as integer
 * strings. Their code goes into the standalone module; it needs nothing but the global BigInt.
 */
function addBigintKeywords(ajv: AjvCore.default): void {
  ajv.addKeyword({
    keyword: 'limisBigint',
    schemaType: 'boolean',
    error: { message: 'must be integer' },
    code: (cxt) => cxt.fail(_`typeof ${cxt.data} != "bigint"`),
  });
  for (const [keyword, operator, comparison] of [
    ['limisBigintMinimum', operators.LT, '>='],
    ['limisBigintMaximum', operators.GT, '<='],
  ] as const) {
    ajv.addKeyword({
      keyword,
      schemaType: 'string',
      error: {
        message: ({ schema }) => str`must be ${comparison} ${String(schema)}`,
        params: ({ schema }) => _`{comparison: ${comparison}, limit: ${String(schema)}}`,
      },
      code: (cxt) =>
        cxt.fail(_`typeof ${cxt.data} == "bigint" && ${cxt.data} ${operator} BigInt(${String(cxt.schema)})`),
    });
  }
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
