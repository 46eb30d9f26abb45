import { createRequire } from 'node:module';
import { escapeSegment } from './common/json-pointer.js';
import type { ValidationIssue } from './errors.js';

/** An ajv standalone validation function, as generated into `generated/validators.js`. */
export interface Validator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }> | null;
}

type ValidatorError = NonNullable<Validator['errors']>[number];

/** How many allowed values an enum error lists before it says how many more there are. */
const ENUM_VALUES_SHOWN = 10;

/**
 * The last run's errors as JSON pointers below `prefix`, each said once and where the contract puts it: a missing
 * or unexpected member is pointed at by name (`/body/titel: is not allowed`), an enum error lists the allowed
 * values (or the one a `const` allows). ajv's `if` errors are dropped: the `then` errors beside them say what is wrong (discriminated unions are
 * compiled to if/then, one per tag).
 */
export function validationIssues(validator: Validator, prefix = ''): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of bestMatch(validator.errors ?? [])) {
    if (error.keyword === 'if') continue;
    const issue = toIssue(error, prefix);
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

const isUnion = (error: ValidatorError) => error.keyword === 'oneOf' || error.keyword === 'anyOf';
const within = (path: string, at: string) => path === at || path.startsWith(`${at}/`);

/**
 * The alternatives of an untagged union (`oneOf`/`anyOf` without a discriminator; tagged ones are if/then) that the
 * value was meant for. Where some alternative got past the value's type — an error below it, or of another kind at
 * it — the alternatives of other types are left out, with the union's own "must match" error; where none did, one
 * error lists the types allowed (`must be string or object`). A value that matches several `oneOf` alternatives
 * keeps the union's error: nothing else says what is wrong.
 */
function bestMatch(errors: readonly ValidatorError[]): readonly ValidatorError[] {
  const unions = new Set(errors.filter(isUnion).map((e) => e.instancePath));
  if (unions.size === 0) return errors;
  const gotFurther = (at: string) =>
    errors.some(
      (e) =>
        !isUnion(e) &&
        e.keyword !== 'if' &&
        within(e.instancePath, at) &&
        (e.keyword !== 'type' || e.instancePath !== at),
    );
  const types = new Map<string, ValidatorError & { types: string[] }>();
  const kept: ValidatorError[] = [];
  for (const error of errors) {
    const at = error.instancePath;
    if (!unions.has(at) || (!isUnion(error) && error.keyword !== 'type')) {
      kept.push(error);
    } else if (isUnion(error)) {
      if (!gotFurther(at) && !errors.some((e) => e.keyword === 'type' && e.instancePath === at)) kept.push(error);
    } else if (!gotFurther(at)) {
      const named = [error.params.type].flat().map(String);
      const merged = types.get(at);
      if (merged) merged.types.push(...named.filter((t) => !merged.types.includes(t)));
      else {
        const first = { ...error, types: named };
        types.set(at, first);
        kept.push(first);
      }
    }
  }
  for (const merged of types.values()) {
    const [last, ...rest] = [...merged.types].reverse();
    merged.message = `must be ${rest.length === 0 ? last : `${rest.reverse().join(', ')} or ${last}`}`;
  }
  return kept;
}

function toIssue(error: ValidatorError, prefix: string): ValidationIssue {
  const at = `${prefix}${error.instancePath}`;
  const { params } = error;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string')
    return { pointer: `${at}/${escapeSegment(params.missingProperty)}`, message: 'is required' };
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string')
    return { pointer: `${at}/${escapeSegment(params.additionalProperty)}`, message: 'is not allowed' };
  if (error.keyword === 'unevaluatedProperties' && typeof params.unevaluatedProperty === 'string')
    return { pointer: `${at}/${escapeSegment(params.unevaluatedProperty)}`, message: 'is not allowed' };
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues))
    return { pointer: at, message: `must be one of ${listValues(params.allowedValues)}` };
  if (
    (error.keyword === 'maximum' || error.keyword === 'minimum') &&
    Math.abs(Number(params.limit)) === Number.MAX_SAFE_INTEGER
  )
    return {
      pointer: at,
      message: `must be ${error.keyword === 'maximum' ? 'at most' : 'at least'} ${params.limit}: integers beyond ±(2^53−1) are not held exactly by a JavaScript number (see x-limis-bigint)`,
    };
  if (error.keyword === 'const' && 'allowedValue' in params)
    return { pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
  return { pointer: at, message: error.message ?? `fails ${error.keyword}` };
}

function listValues(values: unknown[]): string {
  const shown = values.slice(0, ENUM_VALUES_SHOWN).map((v) => JSON.stringify(v));
  const more = values.length - shown.length;
  return more > 0 ? `${shown.join(', ')} (and ${more} more)` : shown.join(', ');
}

/** The last run's errors on one line, for messages that go to logs rather than to clients. */
export function describeIssues(validator: Validator, prefix = ''): string {
  return describeIssueList(validationIssues(validator, prefix));
}

export function describeIssueList(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.pointer} ${i.message}`).join('; ');
}

const require = createRequire(import.meta.url);

/** The modules ajv standalone code may `require()`; generated validators get them here, by the same name. */
const AJV_HELPERS = new Set([
  'ajv/dist/runtime/equal',
  'ajv/dist/runtime/ucs2length',
  'ajv/dist/runtime/uri',
  'ajv/dist/runtime/validation_error',
  'ajv/dist/runtime/re',
  'ajv-formats/dist/formats',
]);

export function ajvHelper(id: string): unknown {
  if (!AJV_HELPERS.has(id))
    throw new TypeError(
      `generated validators asked for unknown ajv helper "${id}"; regenerate with this limis version`,
    );
  return require(id);
}

/**
 * A WebSocket message's issues, its headers' (when it declares them) under `/headers` and its payload's under
 * `/payload`: what the validation interceptor answers with, and what a push or a reply is refused for.
 */
export function messageIssues(
  validators: { validate: Validator; headers?: Validator },
  message: { headers?: unknown; payload: unknown },
): ValidationIssue[] {
  const { validate, headers } = validators;
  return [
    ...(headers && !headers(message.headers) ? validationIssues(headers, '/headers') : []),
    ...(validate(message.payload) ? [] : validationIssues(validate, '/payload')),
  ];
}
