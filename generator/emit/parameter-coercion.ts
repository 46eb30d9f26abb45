import { isBigintSchema } from '../model/bigint.js';
import type { ActionModel, JsonSchema, ParameterModel, ServiceModel } from '../model/service-model.js';
import { resolvedSchema } from './resolved-schema.js';

/** The runtime helper that turns a parameter's raw string into its schema's type, or none for strings. */
export type Coercer = 'toInteger' | 'toBigInt' | 'toNumber' | 'toBoolean' | undefined;

const DELIMITERS: Record<string, string> = { spaceDelimited: ' ', pipeDelimited: '|' };

/** `toInteger(raw)`, `toArray(raw, ',', toNumber)`, or `raw`: what a generated parse function writes. */
export function coercionExpression(
  parameter: ParameterModel,
  raw: string,
  service: ServiceModel,
): { code: string; helpers: string[] } {
  const schema = resolvedSchema(parameter.schema, service);
  if (typeOf(schema) === 'array') {
    const items = resolvedSchema(
      typeof schema === 'object' ? ((schema.items as JsonSchema | undefined) ?? {}) : {},
      service,
    );
    const item = scalarCoercer(items);
    const exploded = parameter.explode && parameter.style === 'form';
    const delimiter = exploded ? 'undefined' : JSON.stringify(DELIMITERS[parameter.style] ?? ',');
    return {
      code: `toArray(${raw}, ${delimiter}${item ? `, ${item}` : ''})`,
      helpers: ['toArray', ...(item ? [item] : [])],
    };
  }
  const coercer = scalarCoercer(schema);
  return coercer ? { code: `${coercer}(${raw})`, helpers: [coercer] } : { code: raw, helpers: [] };
}

/**
 * The schema `default` of a parameter the request may leave out: the parse function applies it, so the action
 * receives the parameter as present. A required parameter's default means nothing, so it has none.
 */
export function parameterDefault(parameter: ParameterModel, service: ServiceModel): { value: unknown } | undefined {
  if (parameter.required) return undefined;
  const schema = resolvedSchema(parameter.schema, service);
  return typeof schema === 'object' && Object.hasOwn(schema, 'default') ? { value: schema.default } : undefined;
}

/** Whether the caller's input differs from the action's: some parameter is optional to send but always received. */
export function appliesDefaults(action: ActionModel, service: ServiceModel): boolean {
  return action.parameters.some((p) => parameterDefault(p, service) !== undefined);
}

/** For values read back from text (response headers in the client): the coercer of a scalar parameter, if any. */
export function headerCoercer(parameter: ParameterModel, service: ServiceModel): Coercer {
  return scalarCoercer(resolvedSchema(parameter.schema, service));
}

function scalarCoercer(schema: JsonSchema): Coercer {
  switch (typeOf(schema)) {
    case 'integer':
      return isBigintSchema(schema) ? 'toBigInt' : 'toInteger';
    case 'number':
      return 'toNumber';
    case 'boolean':
      return 'toBoolean';
    default:
      return undefined;
  }
}

/** The schema's non-null type, when it has exactly one. */
function typeOf(schema: JsonSchema): string | undefined {
  if (typeof schema !== 'object') return undefined;
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
    (t) => typeof t === 'string' && t !== 'null',
  );
  return types.length === 1 ? (types[0] as string) : undefined;
}
