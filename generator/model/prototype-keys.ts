import { escapeSegment } from '../json-pointer.js';
import type { JsonSchema, NamedSchema } from './service-model.js';

const KEYS = ['__proto__', 'constructor'];
const COMPONENT_REF = '#/components/schemas/';

/**
 * Whether a body or payload schema declares a `__proto__` or `constructor` property anywhere, following `$ref`s to the
 * service's named schemas. The runtime refuses such keys in JSON it parses unless the contract declares them.
 */
export function declaresPrototypeKeys(schema: JsonSchema, schemas: readonly NamedSchema[]): boolean {
  const byRef = new Map(schemas.map((named) => [`${COMPONENT_REF}${escapeSegment(named.name)}`, named.schema]));
  const seen = new Set<unknown>();
  const pending: unknown[] = [schema];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    const properties = record.properties;
    if (properties !== null && typeof properties === 'object' && KEYS.some((key) => Object.hasOwn(properties, key)))
      return true;
    if (typeof record.$ref === 'string' && byRef.has(record.$ref)) pending.push(byRef.get(record.$ref));
    pending.push(...Object.values(record));
  }
  return false;
}
