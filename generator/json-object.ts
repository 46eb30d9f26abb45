import { appendPointer } from './json-pointer.js';

/** An object of a contract's JSON: a mapping, never null or a list. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Members that hold values, not schemas or Specification objects: examples, defaults and constants are data, and
 * extensions (`x-…`) are someone else's. A walk looking for schema keywords does not descend into them.
 */
export function isDataKey(key: string): boolean {
  return key === 'example' || key === 'examples' || key === 'default' || key === 'const' || key.startsWith('x-');
}

/**
 * Calls `visit` with every JSON object at or below `root` and its pointer, in document order and without recursion
 * (a contract may nest deeper than the stack); a member whose key `skip` accepts is not descended into.
 */
export function forEachObject(
  root: unknown,
  visit: (object: JsonObject, pointer: string) => void,
  skip: (key: string) => boolean = () => false,
): void {
  const pending: Array<[unknown, string]> = [[root, '']];
  while (pending.length > 0) {
    const [node, pointer] = pending.pop()!;
    // Children go on the stack last first, so they come off in the document's order.
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) pending.push([node[i], appendPointer(pointer, i)]);
      continue;
    }
    if (!isJsonObject(node)) continue;
    visit(node, pointer);
    const entries = Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, value] = entries[i]!;
      if (!skip(key)) pending.push([value, appendPointer(pointer, key)]);
    }
  }
}
