import { PARAMETER_SECTIONS, SCHEMA_MAP_KEYWORDS } from '../contract-tables.js';
import { isJsonObject } from '../json-object.js';
import { appendPointer, componentSchemaName, escapeSegment, setOwn } from '../json-pointer.js';
import { BIGINT_EXTENSION, isBigintSchema } from '../model/bigint.js';
import { NameScope } from '../model/names.js';
import type { ActionModel, JsonSchema, MediaModel, MessageModel, ServiceModel } from '../model/service-model.js';
import { taggedUnion } from './tagged-union.js';

/** The `$id` under which a service's named schemas are compiled; `$ref`s are rewritten to point into it. */
export const COMPONENTS_ID = 'limis:components';

export interface PlannedValidator {
  exportName: string;
  schema: JsonSchema;
  /** Contract pointer the schema came from, for errors ajv raises while compiling it. */
  pointer: string;
}

export interface ActionValidators {
  input: string;
  /** Per request media type; absent for binary bodies, which are not validated. */
  body: Map<string, string>;
  /** Per `status` (or `default`), per media type. */
  responses: Map<string, Map<string, string>>;
}

export interface ValidatorPlan {
  validators: PlannedValidator[];
  byAction: Map<ActionModel, ActionValidators>;
  /** By channel id. */
  channelParams: Map<string, string>;
  /** By message name. */
  messagePayloads: Map<string, string>;
  /** By message name, for the messages that declare headers. */
  messageHeaders: Map<string, string>;
}

/** Names every validator a service needs, so the validators, routes and channels emitters agree on them. */
export function planValidators(service: ServiceModel): ValidatorPlan {
  // ajv's standalone code only exports ASCII identifiers, so names from the contract lose anything else here.
  const names = new NameScope();
  const exportName = (name: string) => names.claim(name.replace(/[^A-Za-z0-9_$]/g, ''));
  const validators: PlannedValidator[] = [];
  const byAction = new Map<ActionModel, ActionValidators>();
  const channelParams = new Map<string, string>();
  const messagePayloads = new Map<string, string>();
  const messageHeaders = new Map<string, string>();
  for (const channel of service.channels) {
    const paramsName = exportName(`validate${channel.typeName}Params`);
    const schema = {
      type: 'object',
      properties: Object.fromEntries(channel.parameters.map((p) => [p.name, p.schema])),
      required: channel.parameters.map((p) => p.name),
    };
    validators.push({ exportName: paramsName, schema, pointer: appendPointer('/channels', channel.id) });
    channelParams.set(channel.id, paramsName);
    const pointer = appendPointer('/channels', channel.id);
    const plan = (
      message: MessageModel,
      part: 'Payload' | 'Headers',
      schema: JsonSchema,
      into: Map<string, string>,
    ) => {
      const name = exportName(`validate${message.typeName}${part}`);
      validators.push({ exportName: name, schema, pointer });
      into.set(message.name, name);
    };
    for (const message of [...channel.receives, ...channel.sends]) {
      if (messagePayloads.has(message.name)) continue;
      plan(message, 'Payload', message.payload, messagePayloads);
      if (message.headers !== undefined) plan(message, 'Headers', message.headers, messageHeaders);
    }
  }
  for (const action of service.components.flatMap((c) => c.actions)) {
    const prefix = `validate${action.typeName.replace(/[^A-Za-z0-9_$]/g, '')}`;
    const pointer = appendPointer('/paths', action.path, action.method);
    const plan: ActionValidators = { input: exportName(`${prefix}Input`), body: new Map(), responses: new Map() };
    validators.push({ exportName: plan.input, schema: inputSchema(action), pointer });
    mediaValidators(
      action.requestBody?.contents ?? [],
      exportName(`${prefix}Body`),
      `${pointer}/requestBody`,
      validators,
      plan.body,
    );
    for (const response of action.responses) {
      const status = String(response.status);
      const name = exportName(
        `${prefix}Response${response.status === 'default' ? 'Default' : status.replace('XX', 'xx')}`,
      );
      const media = new Map<string, string>();
      mediaValidators(response.contents, name, appendPointer(pointer, 'responses', status), validators, media);
      plan.responses.set(status, media);
    }
    byAction.set(action, plan);
  }
  return { validators, byAction, channelParams, messagePayloads, messageHeaders };
}

function mediaValidators(
  contents: MediaModel[],
  name: string,
  pointer: string,
  into: PlannedValidator[],
  names: Map<string, string>,
): void {
  const validated = contents.filter((m) => m.kind !== 'binary');
  validated.forEach((media, index) => {
    const exportName = validated.length === 1 ? name : `${name}${index + 1}`;
    const schema = media.kind === 'text' && isEmptySchema(media.schema) ? { type: 'string' } : media.schema;
    into.push({ exportName, schema, pointer: `${pointer}/content` });
    names.set(media.mediaType, exportName);
  });
}

/** Path, query, header and cookie parameters, validated together so every error is reported at once. */
function inputSchema(action: ActionModel): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [section, location] of PARAMETER_SECTIONS) {
    const parameters = action.parameters.filter((p) => p.in === location);
    if (parameters.length === 0) continue;
    properties[section] = {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [p.key, p.schema])),
      required: parameters.filter((p) => p.required).map((p) => p.key),
    };
  }
  return { type: 'object', properties };
}

function isEmptySchema(schema: JsonSchema): boolean {
  return schema === true || (typeof schema === 'object' && Object.keys(schema).length === 0);
}

/** The ajv key of a named schema: a JSON pointer, URI-encoded, into the components schema. */
export function componentRef(name: string): string {
  return `${COMPONENTS_ID}#/$defs/${encodeURIComponent(escapeSegment(name))}`;
}

const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

/**
 * A contract schema as ajv compiles it: `#/components/schemas/X` pointed at the compiled components schema,
 * discriminated unions checked by their tag (`taggedUnion`), and a custom format (`x-limis-formats`) checked as the
 * pattern it stands for — beside any pattern of the schema's own. `named` looks up a component schema by name.
 */
export function validationSchema(
  schema: unknown,
  named: (name: string) => unknown,
  formats: Readonly<Record<string, string>> = {},
): unknown {
  if (Array.isArray(schema)) return schema.map((item) => validationSchema(item, named, formats));
  if (schema === null || typeof schema !== 'object') return schema;
  const source = taggedUnion(schema as Record<string, unknown>, named) ?? schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const name = key === '$ref' && typeof value === 'string' ? componentSchemaName(value) : undefined;
    if (name !== undefined) {
      result.$ref = componentRef(name);
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && isJsonObject(value)) {
      // Keyed by names (`properties.enum` is a property called enum), each value a schema.
      const map: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(value)) setOwn(map, name, validationSchema(sub, named, formats));
      setOwn(result, key, map);
    } else if (DATA_KEYWORDS.has(key)) {
      // Values, not schemas: a `const` object with a `format` or `$ref` member is data to compare, as written.
      setOwn(result, key, value);
    } else {
      setOwn(result, key, validationSchema(value, named, formats));
    }
  }
  const format = result.format;
  if (typeof format === 'string' && Object.hasOwn(formats, format)) {
    result.allOf = [...(Array.isArray(result.allOf) ? result.allOf : []), { pattern: formats[format] }];
    delete result.format;
  }
  if (isBigintSchema(result)) return bigintValidation(result);
  if (result.type === 'integer' || (Array.isArray(result.type) && result.type.includes('integer')))
    boundToSafeIntegers(result);
  return result;
}

/**
 * An `x-limis-bigint` integer is a `bigint` when it is validated (the runtime reads it so), which JSON Schema's
 * `type: integer` refuses: its type and bounds are checked by limis's own keywords (`compileValidators` defines them),
 * the bounds as integer strings so the check compares bigints. Anything else the schema says still applies.
 */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bigintValidation(schema: Record<string, unknown>): Record<string, unknown> {
  const { type, minimum, maximum, exclusiveMinimum, exclusiveMaximum, format, ...rest } = schema;
  const bound = (value: unknown, round: (n: number) => number) =>
    typeof value === 'number' && Number.isFinite(value) ? BigInt(round(value)) : undefined;
  let lower = bound(minimum, Math.ceil) ?? bound(exclusiveMinimum, (n) => Math.floor(n) + 1);
  let upper = bound(maximum, Math.floor) ?? bound(exclusiveMaximum, (n) => Math.ceil(n) - 1);
  // The contract's bounds reach here as doubles (YAML and JSON.parse read numbers so): `maximum:
  // 9223372036854775807` arrives as 2^63. `format: int64` bounds the value exactly, so it bounds the bounds too.
  if (format === 'int64') {
    lower = lower === undefined || lower < INT64_MIN ? INT64_MIN : lower;
    upper = upper === undefined || upper > INT64_MAX ? INT64_MAX : upper;
  }
  const checks: Record<string, unknown> = { limisBigint: true };
  if (lower !== undefined) checks.limisBigintMinimum = lower.toString();
  if (upper !== undefined) checks.limisBigintMaximum = upper.toString();
  delete rest[BIGINT_EXTENSION];
  const nullable = Array.isArray(type) && type.includes('null');
  return nullable ? { ...rest, anyOf: [{ type: 'null' }, checks] } : { ...rest, ...checks };
}

/**
 * JSON numbers beyond ±(2^53−1) reach the server rounded (`JSON.parse('9007199254740993')` is …992), and ajv's
 * integer check passes them: an id would silently change. So integers are checked within what a JavaScript number
 * holds exactly, unless the schema's own bounds are tighter; the runtime's message says why.
 */
function boundToSafeIntegers(schema: Record<string, unknown>): void {
  const within = (bound: unknown, limit: number) => typeof bound === 'number' && Math.abs(bound) <= limit;
  const upper =
    within(schema.maximum, Number.MAX_SAFE_INTEGER) || within(schema.exclusiveMaximum, Number.MAX_SAFE_INTEGER);
  const lower =
    within(schema.minimum, Number.MAX_SAFE_INTEGER) || within(schema.exclusiveMinimum, Number.MAX_SAFE_INTEGER);
  const bounds: Record<string, number> = {
    ...(upper ? {} : { maximum: Number.MAX_SAFE_INTEGER }),
    ...(lower ? {} : { minimum: Number.MIN_SAFE_INTEGER }),
  };
  if (Object.keys(bounds).length === 0) return;
  if (schema.maximum === undefined && schema.minimum === undefined) Object.assign(schema, bounds);
  else schema.allOf = [...(Array.isArray(schema.allOf) ? schema.allOf : []), bounds];
}
