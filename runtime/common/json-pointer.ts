/** Correlation ids live at a JSON pointer inside a message's payload or headers (AsyncAPI `$message.payload#/…`, `$message.header#/…`). */

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function readPointer(value: unknown, pointer: string): unknown {
  let node = value;
  for (const segment of segments(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** A copy of `value` with `pointer` set to `id`: the caller's object is left as it was. */
export function writePointer(value: object, pointer: string, id: unknown): object {
  const [head, ...rest] = segments(pointer);
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (head === undefined) return copy;
  const next =
    rest.length === 0 ? id : writePointer((copy[head] as object | undefined) ?? {}, `/${rest.join('/')}`, id);
  Object.defineProperty(copy, head, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** `message` with `id` at `pointer` when the object that holds it is there (a payload may be a number); else as it was. */
export function withCorrelationId<T extends object>(message: T, pointer: string, id: unknown): T {
  const holder = readPointer(message, pointer.slice(0, pointer.lastIndexOf('/')));
  return holder !== null && typeof holder === 'object' && !Array.isArray(holder)
    ? (writePointer(message, pointer, id) as T)
    : message;
}
