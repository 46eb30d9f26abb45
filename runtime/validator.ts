import { createRequire } from 'node:module';
import { escapeSegment } from './common/json-pointer.js';
import type { ValidationIssue } from './errors.js';

/** An ajv standalone validation function, as generated into `generated/validators.js`. */
export interface Validator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }> | null;
}

/** The last run's errors as JSON pointers below `prefix`, with `required` errors pointing at the missing member. */
export function validationIssues(validator: Validator, prefix = ''): ValidationIssue[] {
  return (validator.errors ?? []).map((error) => {
    const missing = error.keyword === 'required' ? error.params.missingProperty : undefined;
    if (typeof missing === 'string') {
      return { pointer: `${prefix}${error.instancePath}/${escapeSegment(missing)}`, message: 'is required' };
    }
    return { pointer: `${prefix}${error.instancePath}`, message: error.message ?? `fails ${error.keyword}` };
  });
}

/** The last run's errors on one line, for messages that go to logs rather than to clients. */
export function describeIssues(validator: Validator, prefix = ''): string {
  return validationIssues(validator, prefix)
    .map((i) => `${i.pointer} ${i.message}`)
    .join('; ');
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
