import { isJsonObject } from '../json-object.js';
import { appendPointer, componentSchemaName } from '../json-pointer.js';
import type { JsonSchema, ServiceModel } from '../model/service-model.js';
import type { Change, ChangeLevel } from './change.js';

/**
 * Which way data flows through a schema, which decides whom a change breaks: a client *sends* a request — a
 * stricter schema refuses what it used to send; a client *reads* a response — a looser one hands it what it was
 * not written for.
 */
export type Direction = 'request' | 'response';

/** One side of the comparison: the schema, where it is in its contract, and its contract's named schemas. */
export interface SchemaSide {
  schema: JsonSchema | undefined;
  pointer: string;
  named: ReadonlyMap<string, JsonSchema>;
}

const BOUNDS = [
  // [keyword, true when a larger value is stricter]
  ['minLength', true],
  ['maxLength', false],
  ['minimum', true],
  ['maximum', false],
  ['exclusiveMinimum', true],
  ['exclusiveMaximum', false],
  ['minItems', true],
  ['maxItems', false],
  ['minProperties', true],
  ['maxProperties', false],
] as const;

/**
 * The changes between two versions of a schema, walked in step through properties and items (each `$ref`
 * followed once per pair, so recursive schemas end), `subject` naming what the schema describes
 * (`query parameter "limit"`, `the 200 response body`).
 */
export function diffSchema(
  old: SchemaSide,
  next: SchemaSide,
  direction: Direction,
  at: string,
  subject: string,
  changes: Change[],
  seen = new Set<string>(),
): void {
  const a = resolved(old);
  const b = resolved(next);
  const key = `${a.pointer}\u0000${b.pointer}`;
  if (seen.has(key)) return;
  seen.add(key);
  if (!isJsonObject(a.schema) || !isJsonObject(b.schema)) return;
  const prefix = direction;
  const add = (level: ChangeLevel, rule: string, message: string, keyword?: string) =>
    changes.push({
      level,
      rule: `${prefix}-${rule}`,
      at,
      message: `${subject}: ${message}`,
      old: keyword ? appendPointer(a.pointer, keyword) : a.pointer,
      new: keyword ? appendPointer(b.pointer, keyword) : b.pointer,
    });
  // A request breaks when the schema gets stricter, a response when it gets looser.
  const stricter: ChangeLevel = direction === 'request' ? 'breaking' : 'info';
  const looser: ChangeLevel = direction === 'request' ? 'info' : 'breaking';

  const oldTypes = types(a.schema);
  const newTypes = types(b.schema);
  if (oldTypes && newTypes) {
    const dropped = oldTypes.filter((t) => !covers(newTypes, t));
    const added = newTypes.filter((t) => !covers(oldTypes, t));
    if (dropped.length > 0) add(stricter, 'type-narrowed', `no longer accepts type ${dropped.join(', ')}`, 'type');
    if (added.length > 0) add(looser, 'type-widened', `now also has type ${added.join(', ')}`, 'type');
  }
  if (Array.isArray(a.schema.enum) && Array.isArray(b.schema.enum)) {
    const text = (v: unknown) => JSON.stringify(v);
    const oldValues = new Set(a.schema.enum.map(text));
    const newValues = new Set(b.schema.enum.map(text));
    const removed = [...oldValues].filter((v) => !newValues.has(v));
    const added = [...newValues].filter((v) => !oldValues.has(v));
    if (removed.length > 0) add(stricter, 'enum-value-removed', `no longer allows ${removed.join(', ')}`, 'enum');
    // A client may switch over the values it knows: one it does not know may fall through.
    if (added.length > 0)
      add(direction === 'request' ? 'info' : 'warning', 'enum-value-added', `now allows ${added.join(', ')}`, 'enum');
  } else if (!Array.isArray(a.schema.enum) && Array.isArray(b.schema.enum)) {
    add(stricter, 'enum-added', `is now limited to ${b.schema.enum.map((v) => JSON.stringify(v)).join(', ')}`, 'enum');
  }
  for (const [keyword, largerIsStricter] of BOUNDS) {
    const before = a.schema[keyword];
    const after = b.schema[keyword];
    if (before === after || (typeof before !== 'number' && typeof after !== 'number')) continue;
    const tightened =
      after === undefined
        ? false
        : before === undefined
          ? true
          : largerIsStricter
            ? (after as number) > (before as number)
            : (after as number) < (before as number);
    const said = `${keyword} ${before === undefined ? 'set' : `changed from ${before}`} ${after === undefined ? 'removed' : `to ${after}`}`;
    add(
      tightened ? stricter : looser,
      tightened ? `${kebab(keyword)}-tightened` : `${kebab(keyword)}-relaxed`,
      said,
      keyword,
    );
  }
  if (a.schema.pattern !== b.schema.pattern && b.schema.pattern !== undefined)
    add(
      direction === 'request' ? 'warning' : 'info',
      'pattern-changed',
      `must now match ${JSON.stringify(b.schema.pattern)}`,
      'pattern',
    );
  if (a.schema.format !== b.schema.format && b.schema.format !== undefined)
    add('warning', 'format-changed', `format is now ${JSON.stringify(b.schema.format)}`, 'format');
  if (direction === 'request' && b.schema.additionalProperties === false && a.schema.additionalProperties !== false)
    add(
      'breaking',
      'additional-properties-closed',
      'no longer accepts properties it does not declare',
      'additionalProperties',
    );

  const oldRequired = new Set(Array.isArray(a.schema.required) ? a.schema.required : []);
  const newRequired = new Set(Array.isArray(b.schema.required) ? b.schema.required : []);
  const oldProperties = isJsonObject(a.schema.properties) ? a.schema.properties : {};
  const newProperties = isJsonObject(b.schema.properties) ? b.schema.properties : {};
  for (const name of Object.keys(oldProperties)) {
    const property = `${subject} property ${JSON.stringify(name)}`;
    const oldAt = appendPointer(a.pointer, 'properties', name);
    if (!Object.hasOwn(newProperties, name)) {
      const required = oldRequired.has(name);
      changes.push({
        level: direction === 'response' && required ? 'breaking' : 'warning',
        rule: `${prefix}-property-removed`,
        at,
        message: `${property} was removed`,
        old: oldAt,
      });
      continue;
    }
    const newAt = appendPointer(b.pointer, 'properties', name);
    if (direction === 'request' && !oldRequired.has(name) && newRequired.has(name))
      changes.push({
        level: 'breaking',
        rule: 'request-property-became-required',
        at,
        message: `${property} is now required`,
        old: oldAt,
        new: newAt,
      });
    if (direction === 'response' && oldRequired.has(name) && !newRequired.has(name))
      changes.push({
        level: 'breaking',
        rule: 'response-property-became-optional',
        at,
        message: `${property} may now be absent`,
        old: oldAt,
        new: newAt,
      });
    diffSchema(
      { ...a, schema: oldProperties[name] as JsonSchema, pointer: oldAt },
      { ...b, schema: newProperties[name] as JsonSchema, pointer: newAt },
      direction,
      at,
      property,
      changes,
      seen,
    );
  }
  for (const name of Object.keys(newProperties)) {
    if (Object.hasOwn(oldProperties, name)) continue;
    const required = direction === 'request' && newRequired.has(name);
    changes.push({
      level: required ? 'breaking' : 'info',
      rule: required ? 'request-required-property-added' : `${prefix}-property-added`,
      at,
      message: `${subject} property ${JSON.stringify(name)} was added${required ? ', required' : ''}`,
      new: appendPointer(b.pointer, 'properties', name),
    });
  }
  if (isJsonObject(a.schema.items) && isJsonObject(b.schema.items))
    diffSchema(
      { ...a, schema: a.schema.items as JsonSchema, pointer: appendPointer(a.pointer, 'items') },
      { ...b, schema: b.schema.items as JsonSchema, pointer: appendPointer(b.pointer, 'items') },
      direction,
      at,
      `${subject} items`,
      changes,
      seen,
    );
}

/** A contract's named schemas by name, for the `$ref`s a comparison follows. */
export function namedSchemas(model: ServiceModel): ReadonlyMap<string, JsonSchema> {
  return new Map(model.schemas.map((s) => [s.name, s.schema]));
}

/** A side with its `$ref`s to named schemas followed (a few hops), its pointer moved to the schema it lands on. */
function resolved(side: SchemaSide): SchemaSide {
  let { schema, pointer } = side;
  for (let hops = 0; hops < 16 && isJsonObject(schema) && typeof schema.$ref === 'string'; hops++) {
    const name = componentSchemaName(schema.$ref);
    if (name === undefined) break;
    schema = side.named.get(name);
    pointer = appendPointer('/components/schemas', name);
  }
  return { ...side, schema, pointer };
}

function types(schema: Record<string, unknown>): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.map(String);
  return undefined;
}

/** `number` takes every integer: integer → number widens, number → integer narrows. */
function covers(types: readonly string[], type: string): boolean {
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function kebab(keyword: string): string {
  return keyword.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
