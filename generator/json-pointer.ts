/** RFC 6901 JSON Pointers: how every contract location is named in limis' errors. */

export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => `/${escapeSegment(s)}`).join('');
}

export function appendPointer(pointer: string, ...segments: Array<string | number>): string {
  return pointer + pointerOf(segments);
}

export function segmentsOf(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (!body.startsWith('/')) throw new SyntaxError(`JSON pointer must start with "/": ${pointer}`);
  return body
    .slice(1)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

const COMPONENT_SCHEMA_REF = '#/components/schemas/';

/** `Pet` → `#/components/schemas/Pet`: how a bundled contract refers to a named schema. */
export function componentSchemaRef(name: string): string {
  return COMPONENT_SCHEMA_REF + escapeSegment(name);
}

/**
 * `#/components/schemas/Pet` → `Pet`; undefined for a reference to anything else (or into a named schema). Not
 * percent-decoded: the bundler writes every schema reference as `componentSchemaRef` does.
 */
export function componentSchemaName(ref: string): string | undefined {
  if (!ref.startsWith(COMPONENT_SCHEMA_REF)) return undefined;
  const escaped = ref.slice(COMPONENT_SCHEMA_REF.length);
  return escaped === '' || escaped.includes('/') ? undefined : escaped.replace(/~1/g, '/').replace(/~0/g, '~');
}

const MISSING = Symbol('missing');

/** Follows a pointer through plain data; `undefined` when any segment is absent. */
export function resolvePointer(root: unknown, segments: readonly string[]): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    const next = childOf(node, segment);
    if (next === MISSING) return undefined;
    node = next;
  }
  return node;
}

function childOf(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) {
    const index = /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : -1;
    return index >= 0 && index < node.length ? node[index] : MISSING;
  }
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, segment)) {
    return (node as Record<string, unknown>)[segment];
  }
  return MISSING;
}

/**
 * Sets a key taken from a contract. Plain assignment of `__proto__` would replace the object's prototype
 * instead of adding a member, so contract keys are always defined as own properties.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
