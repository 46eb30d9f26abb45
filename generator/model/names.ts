/**
 * Turns names written in a contract into TypeScript identifiers. Every identifier the emitters write that came
 * from a contract passes through here, so a hostile name can at worst become an odd identifier, never code.
 */

const RESERVED = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'as',
  'implements',
  'interface',
  'let',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'yield',
  'await',
  'any',
  'boolean',
  'number',
  'string',
  'symbol',
  'object',
  'unknown',
  'never',
  'undefined',
  'bigint',
  'type',
  'arguments',
  'eval',
  'constructor',
  'prototype',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'Array',
  'Record',
  'Promise',
  'Date',
  'Error',
  'Object',
  'String',
  'Number',
  'Boolean',
  'Map',
  'Set',
  'Blob',
  'Uint8Array',
  'Partial',
  'Required',
  'Readonly',
  'Pick',
  'Omit',
  'Exclude',
  'Extract',
  'NonNullable',
  // Members every object inherits: as method or property names they would shadow them, and TypeScript gives
  // object-literal keys of these names no contextual type.
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Splits `getPetById`, `get-pet_by id`, `GET /pets/{id}` and `HTTPServer` into words. */
export function words(raw: string): string[] {
  return raw
    .normalize('NFKC')
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function guard(identifier: string, fallback: string): string {
  if (identifier === '') return fallback;
  const valid = /^[\p{L}_$]/u.test(identifier) ? identifier : `_${identifier}`;
  return RESERVED.has(valid) ? `${valid}_` : valid;
}

/** `pet-store item` → `PetStoreItem`; keeps an already PascalCase name as written. */
export function typeName(raw: string, fallback = 'Unnamed'): string {
  return guard(words(raw).map(capitalize).join(''), fallback);
}

/** `Get pet by ID` → `getPetById`. */
export function memberName(raw: string, fallback = 'unnamed'): string {
  const parts = words(raw);
  const joined = parts.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : capitalize(w))).join('');
  return guard(joined, fallback);
}

/** `PetStore` → `petStore`, for names built from an already sanitised type name. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `pet store` → `pet-store`: for URL path segments and file names. */
export function kebabName(raw: string, fallback = 'service'): string {
  const joined = words(raw.normalize('NFKD').replace(/\p{M}/gu, ''))
    .map((w) => w.toLowerCase())
    .join('-')
    .replace(/[^a-z0-9-]/g, '');
  return joined === '' ? fallback : joined;
}

/** Hands out names, adding `2`, `3`… when a sanitised name is already taken (`a-b` and `a_b` both give `aB`). */
export class NameScope {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.used.add(name);
  }

  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${name}${n}`;
    this.used.add(candidate);
    return candidate;
  }
}

/** Whether `name` can be written as a bare property key. */
export function isIdentifier(name: string): boolean {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name);
}
