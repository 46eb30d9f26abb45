import type { OpenApiVersion } from '../contract-tables.js';
import { isJsonObject } from '../json-object.js';
import { appendPointer } from '../json-pointer.js';
import { mediaTypeObjects, streamsResponses } from './media-type-object.js';
import { memberName, typeName } from './names.js';
import { parameterObject } from './parameter-object.js';
import { type NamedSchemaLookup, querystringParameters } from './querystring.js';
import { securityRequirements } from './security-scheme-object.js';
import type {
  ActionModel,
  CacheModel,
  ParameterModel,
  Reporter,
  RequestBodyModel,
  ResponseModel,
  SecurityRequirement,
  StatusRange,
} from './service-model.js';

export interface OperationContext {
  version: OpenApiVersion;
  method: string;
  path: string;
  pointer: string;
  /** Parameters declared on the Path Item, overridden by the operation's own of the same name and location. */
  pathParameters: ParameterModel[];
  /** The document's `security` and the scheme names it declares. */
  security: { global: SecurityRequirement[]; declared: ReadonlySet<string> };
  report: Reporter;
  /** The named schemas, for a 3.2 querystring parameter whose schema is one. */
  named?: NamedSchemaLookup;
}

/** Operation Object (OpenAPI §4.8.10) → ActionModel. Names are sanitised later, per component. */
export function operationObject(value: Record<string, unknown>, context: OperationContext): ActionModel {
  const { version, method, path, pointer, report } = context;
  const operationId =
    typeof value.operationId === 'string' && value.operationId !== ''
      ? value.operationId
      : derivedOperationId(method, path);
  const own = parameterList(value.parameters, version, `${pointer}/parameters`, report, context.named);
  const parameters = [
    ...context.pathParameters.filter((p) => !own.some((o) => o.key === p.key && o.in === p.in)),
    ...own,
  ];
  checkPathParameters(path, parameters, pointer, report);
  const requestBody = requestBodyObject(value.requestBody, version, `${pointer}/requestBody`, report);
  const responses = responsesObject(value.responses, version, `${pointer}/responses`, report);
  if ((parameters.length > 0 || requestBody) && responses.length > 0 && !responses.some(coversClientErrors))
    report.warning(
      `${pointer}/responses`,
      `${operationId} can be refused as invalid (400 problem+json${requestBody ? '; 413, 415 for bodies' : ''}) but declares no 4xx or default response; declare 400 so clients and conformance checkers expect it`,
    );
  // Added after the check above: a header anything may be sent in cannot make a request invalid.
  if (streamsResponses(responses, 'sse') && !parameters.some(isLastEventId)) parameters.push(LAST_EVENT_ID);
  return {
    operationId,
    name: memberName(operationId, 'action'),
    typeName: typeName(operationId, 'Action'),
    method,
    path,
    summary: text(value.summary),
    description: text(value.description),
    deprecated: value.deprecated === true,
    parameters,
    requestBody,
    responses,
    security:
      securityRequirements(value.security, `${pointer}/security`, context.security.declared, report) ??
      context.security.global,
    cache: cacheExtension(value['x-limis-cache'], method, `${pointer}/x-limis-cache`, report),
    bodyLimit: bodyLimitExtension(value['x-limis-body-limit'], `${pointer}/x-limis-body-limit`, report),
  };
}

/**
 * What an EventSource sends when it reconnects (WHATWG HTML §9.2): the id of the last event it received. An operation
 * that streams Server-Sent Events takes it as typed input, declared or not, so the action can resume after it.
 */
const LAST_EVENT_ID: ParameterModel = {
  name: 'Last-Event-ID',
  key: 'last-event-id',
  in: 'header',
  required: false,
  description: 'The id of the last event the client received, when it reconnects: resume after it.',
  deprecated: false,
  schema: { type: 'string' },
  style: 'simple',
  explode: false,
};

function isLastEventId(parameter: ParameterModel): boolean {
  return parameter.in === 'header' && parameter.key === LAST_EVENT_ID.key;
}

/**
 * A `parameters` list (of an operation or a Path Item) → ParameterModels. A parameter is identified by its name and
 * location (OpenAPI §4.8.12), a header's name case-insensitively: a second one of the same would be two members of
 * one name in the generated input, so it is refused, located.
 */
export function parameterList(
  value: unknown,
  version: OpenApiVersion,
  pointer: string,
  report: Reporter,
  named: NamedSchemaLookup = () => undefined,
): ParameterModel[] {
  if (!Array.isArray(value)) return [];
  const first = new Map<string, { at: string; parameter: ParameterModel }>();
  const unique: ParameterModel[] = [];
  const read = (entry: unknown, at: string): ParameterModel[] => {
    if (version === '3.2' && isJsonObject(entry) && entry.in === 'querystring')
      return querystringParameters(entry, version, at, report, named);
    const parameter = parameterObject(entry, version, at, report);
    return parameter ? [parameter] : [];
  };
  for (const [index, entry] of value.entries()) {
    const at = `${pointer}/${index}`;
    for (const parameter of read(entry, at)) {
      const id = `${parameter.in}\u0000${parameter.key}`;
      const earlier = first.get(id);
      if (earlier) {
        const same =
          earlier.parameter.name === parameter.name
            ? `"${parameter.name}"`
            : `"${parameter.name}" (header names are case-insensitive, so it is "${earlier.parameter.name}")`;
        report.error(at, `${parameter.in} parameter ${same} is declared twice; the first is at #${earlier.at}`);
        continue;
      }
      first.set(id, { at, parameter });
      unique.push(parameter);
    }
  }
  return unique;
}

/** Whether a response covers what limis answers invalid input with: a 4xx code, the 4XX range, or `default`. */
function coversClientErrors(response: ResponseModel): boolean {
  const { status } = response;
  return status === 'default' || status === '4XX' || (typeof status === 'number' && status >= 400 && status < 500);
}

/** `get /pets/{petId}/toys` → `getPetsByPetIdToys`, as users would name it by hand. */
export function derivedOperationId(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s.startsWith('{') && s.endsWith('}') ? `by ${s.slice(1, -1)}` : s));
  return memberName([method, ...parts].join(' '));
}

function checkPathParameters(path: string, parameters: ParameterModel[], pointer: string, report: Reporter): void {
  const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const name of inTemplate) {
    if (!parameters.some((p) => p.in === 'path' && p.name === name)) {
      report.error(`${pointer}/parameters`, `path "${path}" has {${name}} but no path parameter "${name}" is declared`);
    }
  }
  for (const parameter of parameters) {
    if (parameter.in === 'path' && !inTemplate.includes(parameter.name)) {
      report.error(`${pointer}/parameters`, `path parameter "${parameter.name}" does not appear in "${path}"`);
    }
  }
}

/** Request Body Object (OpenAPI §4.8.13). */
function requestBodyObject(
  value: unknown,
  version: OpenApiVersion,
  pointer: string,
  report: Reporter,
): RequestBodyModel | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') {
    report.error(pointer, 'requestBody must be an object');
    return undefined;
  }
  const body = value as Record<string, unknown>;
  const contents = mediaTypeObjects(body.content, version, `${pointer}/content`, report);
  // The intent of an empty `content` is clear enough (tooling writes it for "no body"): warn, and take no body.
  if (contents.length === 0) {
    report.warning(
      `${pointer}/content`,
      'requestBody declares no media type in `content`; it is treated as no request body',
    );
    return undefined;
  }
  // A request is read as JSON Lines item by item; Server-Sent Events are what a server sends, not what it reads.
  for (const media of contents)
    if (media.stream === 'sse') {
      report.warning(
        appendPointer(pointer, 'content', media.mediaType),
        `a ${media.mediaType} request body is not read as a stream of events (only JSON Lines requests are): it is read whole, as text`,
      );
      delete media.stream;
      media.schema = {};
    }
  return { required: body.required === true, description: text(body.description), contents };
}

/** Responses Object (OpenAPI §4.8.16) → one ResponseModel per status, sorted by status with `default` last. */
function responsesObject(value: unknown, version: OpenApiVersion, pointer: string, report: Reporter): ResponseModel[] {
  if (value === null || typeof value !== 'object' || Object.keys(value).length === 0) {
    report.error(pointer, 'an operation must declare at least one response');
    return [];
  }
  const responses: ResponseModel[] = [];
  for (const [code, response] of Object.entries(value as Record<string, Record<string, unknown>>)) {
    const here = appendPointer(pointer, code);
    const status =
      code === 'default'
        ? 'default'
        : /^[1-5]\d\d$/.test(code)
          ? Number(code)
          : /^[1-5]XX$/i.test(code)
            ? (code.toUpperCase() as StatusRange)
            : undefined;
    if (status === undefined) {
      report.error(here, `"${code}" is not a response status code: use a code (200), a range (2XX) or default`);
      continue;
    }
    const headers =
      response?.headers && typeof response.headers === 'object'
        ? Object.entries(response.headers as Record<string, unknown>)
            .map(([name, h]) => parameterObject(h, version, appendPointer(here, 'headers', name), report, name))
            .filter((h): h is ParameterModel => h !== undefined)
        : [];
    responses.push({
      status,
      description: text(response?.description) ?? '',
      contents: mediaTypeObjects(response?.content, version, `${here}/content`, report),
      headers,
    });
  }
  return responses.sort((a, b) => statusOrder(a.status) - statusOrder(b.status));
}

/** Codes in order, each class's range after its codes, `default` last. */
function statusOrder(status: ResponseModel['status']): number {
  if (status === 'default') return Infinity;
  return typeof status === 'number' ? status : Number(status[0]) * 100 + 99.5;
}

/** `x-limis-cache: 60` or `{ maxAge: 60, vary: [Accept-Language] }`, on GET operations only. */
function cacheExtension(value: unknown, method: string, pointer: string, report: Reporter): CacheModel | undefined {
  if (value === undefined) return undefined;
  if (method !== 'get') {
    report.error(pointer, `only GET operations can be cached, not ${method.toUpperCase()}`);
    return undefined;
  }
  const policy = typeof value === 'number' ? { maxAge: value } : value;
  if (policy === null || typeof policy !== 'object') {
    report.error(pointer, 'x-limis-cache must be seconds, or { maxAge: seconds, vary: [header names] }');
    return undefined;
  }
  const { maxAge, vary = [] } = policy as { maxAge?: unknown; vary?: unknown };
  if (typeof maxAge !== 'number' || !Number.isInteger(maxAge) || maxAge < 0) {
    report.error(pointer, 'x-limis-cache needs maxAge, a whole number of seconds (0 or more)');
    return undefined;
  }
  if (
    !Array.isArray(vary) ||
    !vary.every((name) => typeof name === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
  ) {
    report.error(pointer, 'x-limis-cache vary must be a list of header names');
    return undefined;
  }
  return { maxAge, vary: vary.map((name: string) => name.toLowerCase()) };
}

function bodyLimitExtension(value: unknown, pointer: string, report: Reporter): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    report.error(pointer, 'x-limis-body-limit must be a positive whole number of bytes');
    return undefined;
  }
  return value;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
