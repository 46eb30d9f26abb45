import {
  type OpenApiVersion,
  SCHEMA_LIST_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  SCHEMA_SINGLE_KEYWORDS,
} from '../contract-tables.js';
import { isJsonObject } from '../json-object.js';
import { appendPointer, setOwn } from '../json-pointer.js';
import { readPattern, unicodeSafePattern } from './pattern.js';
import type { JsonSchema, Reporter } from './service-model.js';

/**
 * Schema Object (OpenAPI 3.0 §4.7.24, 3.1 §4.8.24) → JSON Schema 2020-12, the one dialect the emitters read.
 * 3.0's `nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum` and `example` are rewritten; 3.1 schemas are
 * JSON Schema already and pass through.
 */
export function schemaObject(value: unknown, version: OpenApiVersion, pointer: string, report: Reporter): JsonSchema {
  if (typeof value === 'boolean') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report.error(pointer, 'a schema must be an object');
    return {};
  }
  const schema = value as Record<string, unknown>;
  if (isJsonObject(schema.type)) {
    // `itemType: { type: { type: string, enum: […] } }`: a schema written one level too deep. The intent is clear,
    // so it is read as that schema rather than failing the contract's validators.
    report.warning(
      appendPointer(pointer, 'type'),
      '`type` holds a schema object, not a type name (a schema nested one level too deep); it is read as that schema',
    );
    const { type: nested, ...rest } = schema;
    return schemaObject({ ...rest, ...(nested as Record<string, unknown>) }, version, pointer, report);
  }
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(schema)) {
    const here = appendPointer(pointer, key);
    if (SCHEMA_MAP_KEYWORDS.has(key) && isJsonObject(entry)) {
      setOwn(
        result,
        key,
        Object.fromEntries(
          Object.entries(entry).map(([name, sub]) => [
            key === 'patternProperties' ? unicodeSafePattern(name) : name,
            schemaObject(sub, version, appendPointer(here, name), report),
          ]),
        ),
      );
    } else if (key === 'pattern' && typeof entry !== 'string') {
      // `pattern: 0` (api.video): no regular expression is meant, so none is enforced.
      report.warning(here, `pattern must be a string (a regular expression); ${JSON.stringify(entry)} is not enforced`);
    } else if (key === 'pattern') {
      const reading = readPattern(entry as string);
      if (reading.warning) report.warning(here, reading.warning);
      if (reading.pattern !== undefined) result.pattern = reading.pattern;
    } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(entry)) {
      setOwn(
        result,
        key,
        entry.map((sub, i) => schemaObject(sub, version, `${here}/${i}`, report)),
      );
    } else if (SCHEMA_SINGLE_KEYWORDS.has(key) && entry !== undefined) {
      setOwn(
        result,
        key,
        Array.isArray(entry)
          ? entry.map((sub, i) => schemaObject(sub, version, `${here}/${i}`, report))
          : schemaObject(entry, version, here, report),
      );
    } else if (key === 'example' && version === '3.0') {
      result.examples = [entry];
    } else {
      setOwn(result, key, entry);
    }
  }
  if (version === '3.0') upgradeFrom30(result, schema);
  else if ('nullable' in result) {
    // 3.1 has no `nullable`; ajv would still read it (and refuse it without `type`), so it goes, with a pointer to the 3.1 spelling.
    delete result.nullable;
    report.warning(
      appendPointer(pointer, 'nullable'),
      '`nullable` is OpenAPI 3.0; in 3.1 it is ignored: write `type: [string, "null"]` instead',
    );
  }
  if ('$ref' in result && version === '3.0') {
    // 3.0 ignores everything beside a $ref.
    const { $ref, nullable } = { $ref: result.$ref, nullable: schema.nullable === true };
    return nullable ? { anyOf: [{ $ref }, { type: 'null' }] } : { $ref };
  }
  return result;
}

function upgradeFrom30(result: Record<string, unknown>, original: Record<string, unknown>): void {
  delete result.nullable;
  if (original.nullable === true && !('$ref' in original)) {
    if (typeof result.type === 'string') result.type = [result.type, 'null'];
    if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...result.enum, null];
  }
  for (const [bound, flag] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (typeof original[flag] !== 'boolean') continue;
    delete result[flag];
    if (original[flag] === true && typeof original[bound] === 'number') {
      result[flag] = original[bound];
      delete result[bound];
    }
  }
}
