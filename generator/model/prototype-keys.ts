import { componentSchemaRef } from '../json-pointer.js';
import type { JsonSchema, NamedSchema } from './service-model.js';

const KEYS = ['__proto__', 'constructor'];

/** What one schema says on its own, without following `$ref`s: whether it declares a key, and what it refers to. */
function scan(schema: unknown): { declares: boolean; refs: string[] } {
  const refs: string[] = [];
  const seen = new Set<unknown>();
  const pending: unknown[] = [schema];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    const properties = record.properties;
    if (properties !== null && typeof properties === 'object' && KEYS.some((key) => Object.hasOwn(properties, key)))
      return { declares: true, refs };
    if (typeof record.$ref === 'string') refs.push(record.$ref);
    for (const value of Object.values(record)) pending.push(value);
  }
  return { declares: false, refs };
}

/**
 * The named schemas that declare such a key themselves or through any chain of references, found once per service
 * in time linear in the schemas' size: each schema is scanned once, then the answer flows back along the references.
 */
function declaringRefs(schemas: readonly NamedSchema[]): Set<string> {
  const referrers = new Map<string, string[]>();
  const declaring = new Set<string>();
  for (const named of schemas) {
    const ref = componentSchemaRef(named.name);
    const { declares, refs } = scan(named.schema);
    if (declares) declaring.add(ref);
    for (const target of refs) {
      const list = referrers.get(target);
      if (list) list.push(ref);
      else referrers.set(target, [ref]);
    }
  }
  const pending = [...declaring];
  while (pending.length > 0) {
    for (const referrer of referrers.get(pending.pop()!) ?? []) {
      if (declaring.has(referrer)) continue;
      declaring.add(referrer);
      pending.push(referrer);
    }
  }
  return declaring;
}

const indexes = new WeakMap<readonly NamedSchema[], Set<string>>();

/**
 * Whether a body or payload schema declares a `__proto__` or `constructor` property anywhere, following `$ref`s to the
 * service's named schemas. The runtime refuses such keys in JSON it parses unless the contract declares them.
 */
export function declaresPrototypeKeys(schema: JsonSchema, schemas: readonly NamedSchema[]): boolean {
  let declaring = indexes.get(schemas);
  if (!declaring) {
    declaring = declaringRefs(schemas);
    indexes.set(schemas, declaring);
  }
  const { declares, refs } = scan(schema);
  return declares || refs.some((ref) => declaring.has(ref));
}
