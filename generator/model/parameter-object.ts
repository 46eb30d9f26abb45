import { type OpenApiVersion, PARAMETER_SECTIONS } from '../contract-tables.js';
import { mediaTypeObjects } from './media-type-object.js';
import { schemaObject } from './schema-object.js';
import type { ParameterLocation, ParameterModel, Reporter } from './service-model.js';

const DEFAULT_STYLE = { path: 'simple', query: 'form', header: 'simple', cookie: 'form' } as const;

/** Parameter Object (OpenAPI §4.8.12) → ParameterModel; also reads a Header Object when its `header` name is given. */
export function parameterObject(
  value: unknown,
  version: OpenApiVersion,
  pointer: string,
  report: Reporter,
  header?: string,
): ParameterModel | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report.error(pointer, 'a parameter must be an object');
    return undefined;
  }
  const p = value as Record<string, unknown>;
  const name = header ?? p.name;
  const location = (header === undefined ? p.in : 'header') as ParameterLocation;
  if (typeof name !== 'string' || name === '') {
    report.error(pointer, 'a parameter needs a non-empty `name`');
    return undefined;
  }
  if (!PARAMETER_SECTIONS.some(([, each]) => each === location)) {
    report.error(
      `${pointer}/in`,
      `parameter "${name}" has \`in: ${String(p.in)}\`; expected path, query, header or cookie`,
    );
    return undefined;
  }
  if (location === 'path' && p.required !== true && header === undefined) {
    report.error(`${pointer}/required`, `path parameter "${name}" must be \`required: true\``);
  }
  let schema = p.schema === undefined ? undefined : schemaObject(p.schema, version, `${pointer}/schema`, report);
  if (schema === undefined && p.content !== undefined) {
    schema = mediaTypeObjects(p.content, version, `${pointer}/content`, report)[0]?.schema;
  }
  const style = (typeof p.style === 'string' ? p.style : DEFAULT_STYLE[location]) as ParameterModel['style'];
  return {
    name,
    key: location === 'header' ? name.toLowerCase() : name,
    in: location,
    required: p.required === true,
    description: typeof p.description === 'string' ? p.description : undefined,
    deprecated: p.deprecated === true,
    schema: schema ?? {},
    style,
    explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
  };
}
