import type { ErrorObject } from 'ajv';
import type { OpenApiVersion } from '../contract-tables.js';
import { appendPointer } from '../json-pointer.js';
import type { ContractProblem } from './problems.js';
import type { SourceFile } from './source-file.js';

/** The OpenAPI versions whose official JSON Schema limis checks documents against. */
export type OfficialSchemaVersion = '2.0' | OpenApiVersion;

type SchemaValidator = import('@seriousme/openapi-schema-validator').Validator;
let validator: SchemaValidator | undefined;

/**
 * Checks an OpenAPI (or Swagger 2.0) document as written against the JSON Schema the OpenAPI Initiative publishes
 * for its version, as packaged by @seriousme/openapi-schema-validator (no network). ajv reports every failing
 * branch of every `oneOf`; the problems are condensed to what the writer has to change, one per place, located.
 * The schemas do not describe Schema Objects in 3.1: those are checked by compiling them, as generate does.
 */
export async function officialSchemaProblems(
  entry: SourceFile,
  version: OfficialSchemaVersion,
): Promise<ContractProblem[]> {
  if (!validator) {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    validator = new Validator({ allErrors: true });
  }
  // On a document the schema accepts, the package goes on to check `$ref`s itself and reports failures as a
  // string; references are the loader's to check (it follows them into other files), so only ajv's errors count.
  const result = await validator.validate(entry.data as Record<string, unknown>);
  const errors = Array.isArray(result.errors) ? (result.errors as ErrorObject[]) : [];
  const name = version === '2.0' ? 'Swagger 2.0' : `OpenAPI ${version}`;
  return condensed(errors).map(({ pointer, message }) => {
    const position = entry.locate(pointer);
    return {
      severity: 'error',
      message: `${message} (${name} schema)`,
      file: entry.path,
      pointer,
      line: position?.line,
      column: position?.column,
    };
  });
}

interface SchemaMistake {
  pointer: string;
  message: string;
}

/** Keywords whose failure only says that an error below them happened, reported on its own. */
const WRAPPERS = new Set(['if', 'oneOf', 'anyOf', 'allOf', 'propertyNames']);

/**
 * One problem per mistake: the branches of a choice the writer did not mean left out, the wrappers dropped where an
 * error at or below them says more, the `required`s of alternative branches merged ("needs one of"), duplicates
 * removed; in the order ajv found them (document order).
 */
function condensed(all: readonly ErrorObject[]): SchemaMistake[] {
  const errors = withoutUnmeantBranches(all);
  const explainedBelow = (error: ErrorObject) =>
    errors.some(
      (other) =>
        other !== error &&
        !WRAPPERS.has(other.keyword) &&
        !isReferenceBranch(other) &&
        within(other.instancePath, error.instancePath),
    );
  const mistakes: Array<SchemaMistake | { pointer: string; oneOf: string[] }> = [];
  const alternatives = new Map<string, string[]>();
  // A property is "unevaluated" when the conditional branch that reads it failed: that failure is the mistake.
  const failedConditional = (error: ErrorObject) =>
    errors.some((other) => /\/(then|else)\//.test(other.schemaPath) && within(other.instancePath, error.instancePath));
  // Of the alternatives at one place ("a type name, or a list of them"), a wrong `type` is the least telling.
  const otherAlternative = (error: ErrorObject) =>
    errors.some((e) => e.instancePath === error.instancePath && (e.keyword === 'anyOf' || e.keyword === 'oneOf')) &&
    errors.some((e) => e.instancePath === error.instancePath && !WRAPPERS.has(e.keyword) && e.keyword !== 'type');
  for (const error of errors) {
    if ((WRAPPERS.has(error.keyword) || isReferenceBranch(error)) && explainedBelow(error)) continue;
    if (error.keyword === 'unevaluatedProperties' && failedConditional(error)) continue;
    if (error.keyword === 'type' && otherAlternative(error)) continue;
    if (error.keyword === 'required' && /\/(oneOf|anyOf)\/\d+\/required$/.test(error.schemaPath)) {
      const key = `${error.instancePath} ${error.schemaPath.replace(/\/\d+\/required$/, '')}`;
      const missing = String(error.params.missingProperty);
      const names = alternatives.get(key);
      if (names) names.push(missing);
      else {
        const oneOf = [missing];
        alternatives.set(key, oneOf);
        mistakes.push({ pointer: error.instancePath, oneOf });
      }
      continue;
    }
    mistakes.push(described(error));
  }
  const seen = new Set<string>();
  return mistakes
    .map((mistake) => ('oneOf' in mistake ? { pointer: mistake.pointer, message: needsOneOf(mistake.oneOf) } : mistake))
    .filter((mistake) => {
      const key = `${mistake.pointer}\u0000${mistake.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function needsOneOf(names: string[]): string {
  const listed = names.map((n) => JSON.stringify(n));
  return listed.length === 1
    ? `missing required property ${listed[0]}`
    : `needs one of the properties ${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`;
}

const within = (pointer: string, ancestor: string) => pointer === ancestor || pointer.startsWith(`${ancestor}/`);

/**
 * The OpenAPI schemas choose between objects by a tag property (`type: apiKey | http | …`), and ajv reports every
 * branch of the choice. A branch whose tag does not match was not meant: its errors are noise. When every branch's
 * tag fails and nothing else is left to say, one error lists the tags allowed. ajv's `schemaPath` restarts at each
 * `$ref`, so a branch is known by the definition its path starts with.
 */
function withoutUnmeantBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const tags = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const allowed = allowedValues(error);
    if (allowed?.length !== 1) continue;
    const list = tags.get(error.instancePath) ?? [];
    list.push(error);
    tags.set(error.instancePath, list);
  }
  let kept = [...errors];
  for (const [tagPath, mismatched] of tags) {
    const branches = new Set(mismatched.map(branchOf));
    if (branches.size < 2) continue;
    const choice = tagPath.slice(0, tagPath.lastIndexOf('/'));
    kept = kept.filter((error) => !(branches.has(branchOf(error)) && within(error.instancePath, choice)));
    const rest = kept.some((e) => within(e.instancePath, choice) && !WRAPPERS.has(e.keyword) && !isReferenceBranch(e));
    if (!rest)
      kept.push({
        ...mismatched[0],
        keyword: 'enum',
        params: { allowedValues: mismatched.flatMap((e) => allowedValues(e) ?? []) },
      } as ErrorObject);
  }
  return kept;
}

function allowedValues(error: ErrorObject): unknown[] | undefined {
  if (error.keyword === 'enum') return error.params.allowedValues as unknown[];
  if (error.keyword === 'const') return [error.params.allowedValue];
  return undefined;
}

function branchOf(error: ErrorObject): string {
  return /^#\/(?:definitions|\$defs)\/[^/]+\//.exec(error.schemaPath)?.[0] ?? '#';
}

/** A failure of the `$ref`-only branch of a "Reference Object or X" choice: says nothing when X was meant. */
function isReferenceBranch(error: ErrorObject): boolean {
  return error.keyword === 'required' && error.params.missingProperty === '$ref';
}

function described(error: ErrorObject): SchemaMistake {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: error.instancePath,
        message: `missing required property ${JSON.stringify(params.missingProperty)}`,
      };
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const property = String(params.additionalProperty ?? params.unevaluatedProperty);
      const hint = property.startsWith('x-') ? '' : '; an extension must start with "x-"';
      return {
        pointer: appendPointer(error.instancePath, property),
        message: `property ${JSON.stringify(property)} is not allowed here${hint}`,
      };
    }
    case 'enum':
      return {
        pointer: error.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { pointer: error.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'oneOf':
    case 'anyOf':
      return { pointer: error.instancePath, message: 'matches none of the forms this place allows' };
    default: {
      const name = (error as ErrorObject & { propertyName?: string }).propertyName;
      return name === undefined
        ? { pointer: error.instancePath, message: error.message ?? `fails ${error.keyword}` }
        : {
            pointer: appendPointer(error.instancePath, name),
            message: `name ${JSON.stringify(name)} ${error.message}`,
          };
    }
  }
}
