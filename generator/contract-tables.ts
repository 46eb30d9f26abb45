/**
 * The keyword tables of the contract languages, written once for the loader, the model and the emitters. Links: OpenAPI
 * 3.1 §4.8.9 (Path Item Object), JSON Schema 2020-12 Core §10 (applicators).
 */

/** The OpenAPI versions limis reads (Swagger 2.0 arrives converted to 3.0). */
export type OpenApiVersion = '3.0' | '3.1' | '3.2';

/** The operations a Path Item Object may hold, in the order the spec lists them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Keywords whose value maps names to sub-schemas. */
export const SCHEMA_MAP_KEYWORDS: ReadonlySet<string> = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'definitions',
]);
/** Keywords whose value is a list of sub-schemas. */
export const SCHEMA_LIST_KEYWORDS: ReadonlySet<string> = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords whose value is one sub-schema (`items` may be a list in drafts before 2020-12). */
export const SCHEMA_SINGLE_KEYWORDS: ReadonlySet<string> = new Set([
  'additionalProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
]);

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** Each parameter location and the section of an action's input that holds it (`path` → `params`). */
export const PARAMETER_SECTIONS = [
  ['params', 'path'],
  ['query', 'query'],
  ['headers', 'header'],
  ['cookies', 'cookie'],
] as const;

/**
 * The `format`s limis knows: ajv-formats' full set, which the generated validators check, including OpenAPI's own
 * (`int32`, `int64`, `float`, `double`, `byte`, `binary`, `password`), which they take as annotations. A test keeps
 * this equal to ajv-formats. Any other format is one nobody checks, worth a warning.
 */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set([
  'date',
  'time',
  'date-time',
  'iso-time',
  'iso-date-time',
  'duration',
  'uri',
  'uri-reference',
  'uri-template',
  'url',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'json-pointer-uri-fragment',
  'relative-json-pointer',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
  'password',
  'binary',
]);
