import { forEachObject, isJsonObject } from '../json-object.js';
import { appendPointer, componentSchemaName } from '../json-pointer.js';
import type { Reporter } from './service-model.js';

type Json = Record<string, unknown>;

/**
 * Every `discriminator` of the document (OpenAPI §4.8.25) must be usable: its `mapping` may only name schemas the
 * contract has, and its `propertyName` must be declared by every alternative it chooses between (each `oneOf`/`anyOf`
 * branch, or the schema itself with its `allOf`), since a validator or a client switching on it would otherwise never
 * match. Each refusal is located at the mapping entry or the property name.
 */
export function checkDiscriminators(document: Json, report: Reporter): void {
  const schemas =
    isJsonObject(document.components) && isJsonObject(document.components.schemas) ? document.components.schemas : {};
  const resolve = (value: unknown): Json | undefined => {
    if (!isJsonObject(value)) return undefined;
    if (typeof value.$ref !== 'string') return value;
    const name = componentSchemaName(value.$ref);
    return name === undefined ? undefined : isJsonObject(schemas[name]) ? (schemas[name] as Json) : undefined;
  };
  const declares = (schema: Json | undefined, property: string, seen = new Set<Json>()): boolean => {
    if (!schema || seen.has(schema)) return false;
    seen.add(schema);
    if (isJsonObject(schema.properties) && Object.hasOwn(schema.properties, property)) return true;
    return Array.isArray(schema.allOf) && schema.allOf.some((part) => declares(resolve(part), property, seen));
  };
  // Examples are data and extensions are someone else's: neither holds schemas to check.
  forEachObject(
    document,
    (node, pointer) => {
      if (isJsonObject(node.discriminator)) check(node, appendPointer(pointer, 'discriminator'));
    },
    (key) => key === 'example' || key === 'examples' || key.startsWith('x-'),
  );

  function check(schema: Json, at: string): void {
    const discriminator = schema.discriminator as Json;
    const property = discriminator.propertyName;
    if (typeof property !== 'string' || property === '') {
      report.error(
        appendPointer(at, 'propertyName'),
        'a discriminator needs a propertyName: the property that chooses',
      );
      return;
    }
    if (isJsonObject(discriminator.mapping)) {
      for (const [value, target] of Object.entries(discriminator.mapping)) {
        // A component reference, or a bare schema name; another file's URI (a split contract) is not checked here.
        const name =
          typeof target !== 'string'
            ? undefined
            : (componentSchemaName(target) ??
              (/^[\w.-]+$/.test(target) && !/\.(ya?ml|json)$/.test(target) ? target : null));
        if (name === null) continue;
        if (name === undefined || !isJsonObject(schemas[name]))
          report.error(
            appendPointer(at, 'mapping', value),
            `discriminator value "${value}" maps to ${JSON.stringify(target)}, which is not a schema of components.schemas`,
          );
      }
    }
    const branches = [
      ...(Array.isArray(schema.oneOf) ? schema.oneOf : []),
      ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
    ];
    const alternatives = branches.length > 0 ? branches.map(resolve) : [schema];
    const missing = alternatives.findIndex((branch) => !declares(branch, property));
    if (missing !== -1) {
      const which = branches.length > 0 ? describe(branches[missing]) : 'the schema';
      report.error(
        appendPointer(at, 'propertyName'),
        `discriminator property "${property}" is not declared by ${which}; every alternative must declare it`,
      );
    }
  }
}

function describe(branch: unknown): string {
  return isJsonObject(branch) && typeof branch.$ref === 'string' ? branch.$ref : 'an inline alternative';
}
