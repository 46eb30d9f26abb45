import type { OpenApiVersion } from '../contract-tables.js';
import { isJsonObject } from '../json-object.js';
import { componentSchemaName } from '../json-pointer.js';
import { mediaTypeObjects } from './media-type-object.js';
import type { JsonSchema, ParameterModel, Reporter } from './service-model.js';

/** Looks up a named schema (`#/components/schemas/<name>`), as the model reads it. */
export type NamedSchemaLookup = (name: string) => JsonSchema | undefined;

const FORM = 'application/x-www-form-urlencoded';

/**
 * An OpenAPI 3.2 `in: querystring` parameter: the whole query string as one value, described by its `content`. Read
 * as `application/x-www-form-urlencoded` with an object schema, it is the object's properties, each a query
 * parameter (form style, exploded, required as the schema says): typed, parsed, validated and sent like any other,
 * the input's `query` section being that object. What this reading cannot keep is a located warning — keys beyond
 * the properties (they are not passed on), another media type or a schema that is not an object (left out).
 */
export function querystringParameters(
  value: Record<string, unknown>,
  version: OpenApiVersion,
  pointer: string,
  report: Reporter,
  named: NamedSchemaLookup,
): ParameterModel[] {
  const name = typeof value.name === 'string' ? value.name : 'querystring';
  const media = mediaTypeObjects(value.content, version, `${pointer}/content`, report);
  const form = media.find((m) => m.mediaType.split(';')[0]!.trim().toLowerCase() === FORM);
  if (!form) {
    report.warning(
      `${pointer}/content`,
      `querystring parameter "${name}" is read only as ${FORM}; with ${media.map((m) => m.mediaType).join(', ') || 'no content'} it is left out`,
    );
    return [];
  }
  const ref = isJsonObject(form.schema) && typeof form.schema.$ref === 'string' ? form.schema.$ref : undefined;
  const refName = ref === undefined ? undefined : componentSchemaName(ref);
  const schema = refName === undefined ? form.schema : named(refName);
  if (!isJsonObject(schema) || !isJsonObject(schema.properties)) {
    report.warning(
      `${pointer}/content`,
      `querystring parameter "${name}" is read as the properties of an object schema; this one has none, so it is left out`,
    );
    return [];
  }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false)
    report.warning(
      `${pointer}/content`,
      `querystring parameter "${name}": keys beyond its schema's properties are not passed to the action`,
    );
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties).map(([property, propertySchema]) => ({
    name: property,
    key: property,
    in: 'query',
    required: required.has(property),
    description:
      isJsonObject(propertySchema) && typeof propertySchema.description === 'string'
        ? propertySchema.description
        : undefined,
    deprecated: isJsonObject(propertySchema) && propertySchema.deprecated === true,
    schema: propertySchema as JsonSchema,
    style: 'form',
    explode: true,
  }));
}
