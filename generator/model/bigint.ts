import type { BigintShape } from 'limis/client/bigint';
import { forEachObject, isDataKey, isJsonObject } from '../json-object.js';
import { appendPointer, componentSchemaName } from '../json-pointer.js';
import { dependencyOrder } from './reference-graph.js';
import type { JsonSchema, NamedSchema, Reporter } from './service-model.js';

/** The extension that asks for an integer as a `bigint`, exact beyond ±(2^53−1). */
export const BIGINT_EXTENSION = 'x-limis-bigint';

/** An integer schema the contract marks `x-limis-bigint: true`: typed `bigint`, read and written exactly. */
export function isBigintSchema(schema: unknown): boolean {
  if (!isJsonObject(schema) || schema[BIGINT_EXTENSION] !== true) return false;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('integer') && types.every((t) => t === 'integer' || t === 'null');
}

/**
 * Refuses, located, an `x-limis-bigint` that is not `true`/`false` or marks a schema that is not an integer (an
 * `int64` string or number would silently stay as it is); `unsupported` names where it is not supported yet
 * (AsyncAPI contracts), so every mark there is refused. Examples and extensions are data, not read. True when some
 * schema is marked.
 */
export function checkBigints(document: unknown, report: Reporter, unsupported?: string): boolean {
  let marked = false;
  forEachObject(
    document,
    (node, pointer) => {
      if (!Object.hasOwn(node, BIGINT_EXTENSION)) return;
      const at = appendPointer(pointer, BIGINT_EXTENSION);
      const mark = node[BIGINT_EXTENSION];
      if (unsupported !== undefined) report.error(at, `x-limis-bigint is not supported in ${unsupported} yet`);
      else if (typeof mark !== 'boolean') report.error(at, 'x-limis-bigint must be true or false');
      else if (mark && !isBigintSchema(node))
        report.error(at, 'x-limis-bigint: true marks integer schemas (`type: integer`, with `null` at most)');
      else if (mark) marked = true;
    },
    isDataKey,
  );
  return marked;
}

/** Where bigints sit in a body's schema, and the named schemas' shapes its `ref`s lead to. */
export interface BigintShapes {
  /** By schema name, for the named schemas that hold a bigint somewhere. */
  named: Map<string, BigintShape>;
  /** The shape of a schema, undefined when it holds no bigint. */
  of(schema: JsonSchema): BigintShape | undefined;
}

/**
 * The shapes of every named schema, leaves first (`dependencyOrder`), so a chain of thousands of `$ref`s is never
 * followed by recursion; a reference inside a cycle is kept as a `ref`, which the runtime follows value by value.
 */
export function bigintShapes(schemas: readonly NamedSchema[]): BigintShapes {
  const named = new Map<string, BigintShape>();
  const done = new Set<string>();
  const byName = new Map(schemas.map((s) => [s.name, s]));
  // A schema without its shape yet is in a cycle with this one: kept as a `ref`, and checked once all are known.
  const refer = (name: string) => ((done.has(name) ? named.has(name) : byName.has(name)) ? { ref: name } : undefined);
  for (const schema of dependencyOrder(schemas)) {
    const shape = shapeOf(schema.schema, refer);
    done.add(schema.name);
    if (shape !== undefined) named.set(schema.name, shape);
  }
  // In a cycle, the schema met first keeps a `ref` to the others before their shapes are known: only those that
  // reach a bigint stay (found backwards from the schemas that hold one themselves, so linear in the references).
  const holders: string[] = [];
  const referrers = new Map<string, string[]>();
  for (const [name, shape] of named) {
    // Each shape walked once, for whether it holds a bigint itself and for what it refers to.
    const found = parts(shape);
    if (found.includes(true)) holders.push(name);
    for (const part of found) {
      if (part === true || part.ref === undefined) continue;
      const list = referrers.get(part.ref);
      if (list) list.push(name);
      else referrers.set(part.ref, [name]);
    }
  }
  const reaching = new Set(holders);
  for (let i = 0; i < holders.length; i++)
    for (const referrer of referrers.get(holders[i]!) ?? [])
      if (!reaching.has(referrer)) {
        reaching.add(referrer);
        holders.push(referrer);
      }
  for (const name of named.keys()) if (!reaching.has(name)) named.delete(name);
  return { named, of: (schema) => shapeOf(schema, (name) => (named.has(name) ? { ref: name } : undefined)) };
}

/** The parts of a shape, iteratively: shapes nest as deep as the schemas they describe. */
function parts(shape: BigintShape): BigintShape[] {
  const found: BigintShape[] = [];
  const stack = [shape];
  while (stack.length > 0) {
    const part = stack.pop()!;
    found.push(part);
    if (part === true) continue;
    stack.push(...Object.values(part.properties ?? {}), ...(part.all ?? []));
    if (part.items !== undefined) stack.push(part.items);
    if (part.additional !== undefined) stack.push(part.additional);
  }
  return found;
}

function shapeOf(schema: JsonSchema, ref: (name: string) => BigintShape | undefined): BigintShape | undefined {
  if (!isJsonObject(schema)) return undefined;
  if (isBigintSchema(schema)) return true;
  const shape: Exclude<BigintShape, true> = {};
  const name = typeof schema.$ref === 'string' ? componentSchemaName(schema.$ref) : undefined;
  if (name !== undefined) {
    const target = ref(name);
    if (target !== undefined) return target;
  }
  if (isJsonObject(schema.properties)) {
    const properties: Record<string, BigintShape> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
      const below = shapeOf(property as JsonSchema, ref);
      if (below !== undefined)
        Object.defineProperty(properties, key, { value: below, enumerable: true, writable: true, configurable: true });
    }
    if (Object.keys(properties).length > 0) shape.properties = properties;
  }
  const items = shapeOf(schema.items as JsonSchema, ref);
  if (items !== undefined) shape.items = items;
  const additional = shapeOf(schema.additionalProperties as JsonSchema, ref);
  if (additional !== undefined) shape.additional = additional;
  const all = ['allOf', 'anyOf', 'oneOf'].flatMap((key) =>
    Array.isArray(schema[key]) ? (schema[key] as JsonSchema[]).flatMap((s) => shapeOf(s, ref) ?? []) : [],
  );
  if (all.length > 0) shape.all = all;
  return Object.keys(shape).length > 0 ? shape : undefined;
}
