import { componentSchemaName } from '../json-pointer.js';
import type { JsonSchema, ServiceModel } from '../model/service-model.js';

/**
 * A schema with its `$ref`s to named schemas followed (a bounded number of hops, so a cycle cannot hang the
 * generator), for the emitters that look at what a schema is rather than name it.
 */
export function resolvedSchema(schema: JsonSchema, service: ServiceModel): JsonSchema {
  let current = schema;
  for (let hops = 0; hops < 32 && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
    const name = componentSchemaName(current.$ref);
    current = service.schemas.find((s) => s.name === name)?.schema ?? {};
  }
  return current;
}
