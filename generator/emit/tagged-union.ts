import { isJsonObject } from '../json-object.js';
import { componentSchemaName, setOwn } from '../json-pointer.js';

type Json = Record<string, unknown>;

/**
 * A `oneOf`/`anyOf` with a `discriminator`, rewritten for validation as the discriminator means it (OpenAPI
 * §4.8.25): the tag chooses one alternative, and only that one is checked. So an invalid body gets the errors of the
 * alternative its tag names ("/body/title is required"), or one enum error listing the tags when the tag is wrong,
 * instead of every alternative's errors. The tag of each alternative is its `mapping` entry, else its component
 * name, else the `const` or single `enum` value it declares for the property; without a discriminator, a
 * property every alternative requires and pins (`impliedTag`). Undefined (validate the union as written) when an
 * alternative has no tag this way, or two alternatives share one.
 */
export function taggedUnion(schema: Json, named: (name: string) => unknown): Json | undefined {
  const keyword = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : undefined;
  if (keyword === undefined) return undefined;
  const branches = schema[keyword] as unknown[];
  const discriminator = isJsonObject(schema.discriminator) ? schema.discriminator : undefined;
  const property =
    typeof discriminator?.propertyName === 'string' ? discriminator.propertyName : impliedTag(branches, named);
  if (property === undefined) return undefined;
  const mapping = isJsonObject(discriminator?.mapping) ? discriminator.mapping : {};
  const tagsOf = branches.map((branch) => branchTags(branch, property, mapping, named));
  const all = tagsOf.flat();
  if (tagsOf.some((tags) => tags.length === 0) || new Set(all).size !== all.length) return undefined;
  const tag = (values: string[]) => ({
    type: 'object',
    required: [property],
    properties: { [property]: { enum: values } },
  });
  const rest: Json = {};
  for (const [key, value] of Object.entries(schema)) if (key !== keyword) setOwn(rest, key, value);
  return {
    ...rest,
    allOf: [
      ...(Array.isArray(schema.allOf) ? schema.allOf : []),
      tag(all),
      ...branches.map((branch, i) => conditional(tag(tagsOf[i]!), branch)),
    ],
  };
}

/**
 * A union without a discriminator is tagged all the same when every alternative requires one property and pins it
 * to its own string (`kind: { const: 'task' }`), as zod's discriminated unions are written: then exactly the
 * alternative whose tag the data carries can match, so checking only that one accepts and refuses the same data.
 */
function impliedTag(branches: unknown[], named: (name: string) => unknown): string | undefined {
  const resolved = branches.map((branch) => {
    const name = isJsonObject(branch) && typeof branch.$ref === 'string' ? componentSchemaName(branch.$ref) : undefined;
    return name === undefined ? branch : named(name);
  });
  const first = resolved[0];
  if (!isJsonObject(first) || !isJsonObject(first.properties)) return undefined;
  return Object.keys(first.properties).find((property) =>
    resolved.every(
      (branch) =>
        isJsonObject(branch) &&
        Array.isArray(branch.required) &&
        branch.required.includes(property) &&
        declaredTag(branch, property).length > 0,
    ),
  );
}

function branchTags(branch: unknown, property: string, mapping: Json, named: (name: string) => unknown): string[] {
  if (!isJsonObject(branch)) return [];
  if (typeof branch.$ref === 'string') {
    const ref = branch.$ref;
    const name = componentSchemaName(ref);
    const mapped = Object.entries(mapping)
      .filter(([, target]) => target === ref || (name !== undefined && target === name))
      .map(([value]) => value);
    if (mapped.length > 0) return mapped;
    if (name === undefined) return [];
    // A tag the schema itself pins down is what its data carries; else the tag is the schema's name, unless the
    // mapping gives that name to another schema.
    const pinned = declaredTag(named(name), property);
    if (pinned.length > 0) return pinned;
    return Object.hasOwn(mapping, name) ? [] : [name];
  }
  return declaredTag(branch, property);
}

/** The `const` or single `enum` string a schema declares for the property. */
function declaredTag(schema: unknown, property: string): string[] {
  if (!isJsonObject(schema)) return [];
  const declared = isJsonObject(schema.properties) ? schema.properties[property] : undefined;
  if (!isJsonObject(declared)) return [];
  if (typeof declared.const === 'string') return [declared.const];
  if (Array.isArray(declared.enum) && declared.enum.length === 1 && typeof declared.enum[0] === 'string')
    return [declared.enum[0]];
  return [];
}

/** JSON Schema's `{ if, then }`, whose `then` is a keyword, not a thenable. */
function conditional(condition: Json, consequence: unknown): Json {
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword
  return { if: condition, then: consequence };
}
