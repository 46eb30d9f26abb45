import { componentSchemaName } from '../json-pointer.js';
import { BIGINT_EXTENSION } from '../model/bigint.js';
import { isIdentifier } from '../model/names.js';
import type { JsonSchema } from '../model/service-model.js';
import { inlineDoc } from './tsdoc.js';

/** Resolves a `components.schemas` name to the type name to write (maybe namespace-qualified). */
export type RefNamer = (schemaName: string) => string;

/**
 * Schema Object → TypeScript type text, one to one: `$ref` → the named type, `enum`/`const` → literals,
 * `oneOf`/`anyOf` → unions, `allOf` → intersections, type arrays and 3.0 `nullable` → `| null`.
 * Every literal goes through JSON.stringify, so no string from the contract is written unquoted.
 */
export function schemaType(schema: JsonSchema, refName: RefNamer, indent = ''): string {
  if (schema === true) return 'unknown';
  if (schema === false) return 'never';
  if (typeof schema.$ref === 'string') return refType(schema.$ref, refName);
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map(literal));
  const parts: string[] = [];
  const own = ownType(schema, refName, indent);
  if (own !== undefined) parts.push(own);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const list = schema[keyword];
    if (Array.isArray(list) && list.length > 0) parts.push(union(list.map((s) => schemaType(s, refName, indent))));
  }
  if (Array.isArray(schema.allOf)) parts.push(...schema.allOf.map((s) => schemaType(s, refName, indent)));
  if (parts.length === 0) return 'unknown';
  return parts.length === 1 ? parts[0]! : parts.map(wrap).join(' & ');
}

function refType(ref: string, refName: RefNamer): string {
  const name = componentSchemaName(ref);
  return name === undefined ? 'unknown' : refName(name);
}

/** The schema's own `type` (and what it implies), ignoring combinators. */
function ownType(schema: Record<string, unknown>, refName: RefNamer, indent: string): string | undefined {
  const declared = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : [];
  const types = declared.length > 0 ? declared : impliedTypes(schema);
  if (types.length === 0) return undefined;
  return union(types.map((type) => primitive(type, schema, refName, indent)));
}

function impliedTypes(schema: Record<string, unknown>): string[] {
  if ('properties' in schema || 'additionalProperties' in schema || 'patternProperties' in schema) return ['object'];
  if ('items' in schema || 'prefixItems' in schema) return ['array'];
  return [];
}

function primitive(type: string, schema: Record<string, unknown>, refName: RefNamer, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
      return schema[BIGINT_EXTENSION] === true ? 'bigint' : 'number';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return arrayType(schema, refName, indent);
    case 'object':
      return objectType(schema, refName, indent);
    default:
      return 'unknown';
  }
}

function arrayType(schema: Record<string, unknown>, refName: RefNamer, indent: string): string {
  if (Array.isArray(schema.prefixItems)) {
    const items = schema.prefixItems.map((s: JsonSchema) => schemaType(s, refName, indent));
    const rest =
      schema.items === false
        ? ''
        : `, ...${wrap(schema.items === undefined ? 'unknown' : schemaType(schema.items as JsonSchema, refName, indent))}[]`;
    return `[${items.join(', ')}${rest}]`;
  }
  const items = schema.items === undefined ? 'unknown' : schemaType(schema.items as JsonSchema, refName, indent);
  return `${wrap(items)}[]`;
}

export interface MemberSpec {
  /** Written as a key: bare when a valid identifier, else quoted. */
  key: string;
  type: string;
  optional: boolean;
  readonly: boolean;
  doc?: string;
}

/** Properties become members; `additionalProperties` an index signature wide enough for every member. */
export function objectMembers(
  schema: Record<string, unknown>,
  refName: RefNamer,
  indent: string,
): { members: MemberSpec[]; indexType?: string } {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const members = Object.entries(properties).map(([name, property]): MemberSpec => {
    const annotations = typeof property === 'object' ? property : {};
    const description = typeof annotations.description === 'string' ? annotations.description : undefined;
    const doc = [description, annotations.deprecated === true ? '@deprecated' : undefined].filter(Boolean).join('\n\n');
    return {
      key: propertyKey(name),
      type: schemaType(property, refName, `${indent}  `),
      optional: !required.has(name),
      readonly: annotations.readOnly === true,
      doc: doc === '' ? undefined : doc,
    };
  });
  const additional = schema.additionalProperties;
  if (additional === undefined || additional === false) return { members };
  const indexType = members.length > 0 ? 'unknown' : schemaType(additional as JsonSchema, refName, `${indent}  `);
  return { members, indexType };
}

function objectType(schema: Record<string, unknown>, refName: RefNamer, indent: string): string {
  const { members, indexType } = objectMembers(schema, refName, indent);
  if (members.length === 0) {
    // A named type in an index signature, not in Record<…>: TypeScript resolves a generic alias eagerly, so a
    // schema whose values are itself (a JSON value) would be a circular alias (TS2456).
    if (indexType !== undefined)
      return /^(unknown|never|string|number|boolean|null)$/.test(indexType)
        ? `Record<string, ${indexType}>`
        : `{ [key: string]: ${indexType} }`;
    return schema.additionalProperties === false ? 'Record<string, never>' : 'Record<string, unknown>';
  }
  const inner = `${indent}  `;
  const lines = members.map(
    (m) =>
      `${inlineDoc(m.doc, inner)}${inner}${m.readonly ? 'readonly ' : ''}${m.key}${m.optional ? '?' : ''}: ${m.type};`,
  );
  if (indexType !== undefined) lines.push(`${inner}[key: string]: ${indexType};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** A key in an object literal; `__proto__` is computed so it defines a property instead of setting the prototype. */
export function objectKey(name: string): string {
  return name === '__proto__' ? '["__proto__"]' : propertyKey(name);
}

/**
 * A JSON value as a TypeScript literal whose keys may come from a contract: unlike JSON.stringify's output, a key
 * named `__proto__` stays an own property instead of setting the object's prototype.
 */
export function jsonLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${objectKey(key)}: ${jsonLiteral(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * `key: value` in a map keyed by contract names. TypeScript gives a key named after an Object.prototype member
 * (`constructor`, `toString`…) no contextual type from the map's index signature, so such an entry states its
 * type itself.
 */
export function mapEntry(name: string, value: string, type: string): string {
  return `${objectKey(name)}: ${value}${isInheritedKey(name) ? ` satisfies ${type}` : ''}`;
}

/** A name every object already has a member for (`constructor`, `toString`…); `__proto__` is written computed. */
export function isInheritedKey(name: string): boolean {
  return name !== '__proto__' && name in Object.prototype;
}

export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : JSON.stringify(name);
}

function literal(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return 'unknown';
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 0 ? 'never' : unique.join(' | ');
}

/** Parenthesises a union or intersection where it is an operand of `[]` or `&`. */
function wrap(type: string): string {
  return isCompound(type) ? `(${type})` : type;
}

function isCompound(type: string): boolean {
  let depth = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i]!;
    if (c === '/' && type[i + 1] === '*') {
      const end = type.indexOf('*/', i + 2);
      i = end === -1 ? type.length : end + 1;
    } else if (c === '"') {
      for (i++; i < type.length && type[i] !== '"'; i++) if (type[i] === '\\') i++;
    } else if (c === '{' || c === '[' || c === '(' || c === '<') depth++;
    else if (c === '}' || c === ']' || c === ')' || c === '>') depth--;
    else if (depth === 0 && (c === '|' || c === '&')) return true;
  }
  return false;
}
