import { isPlainObject } from '../common/plain-object.js';
import type { Handler } from '../handler.js';
import type { Service } from '../service.js';

type Json = Record<string, unknown>;

/** What a service's contract is served as: its file name below the mount path, and its text. */
export interface ServedContract {
  name: 'openapi.json' | 'asyncapi.json';
  text: string;
}

/** Problem responses the runtime answers itself, by status: when each applies, and its component name. */
const RUNTIME_RESPONSES = [
  {
    status: '400',
    name: 'LimisBadRequest',
    description: 'The request does not match the contract (or its JSON is malformed); `errors` lists each problem.',
    applies: (handler: Handler, operation: Json, pathItem: Json) =>
      handler.requestBody !== undefined || hasParameters(operation) || hasParameters(pathItem),
  },
  {
    status: '401',
    name: 'LimisUnauthorized',
    description: 'Credentials are missing or were refused; `WWW-Authenticate` says which are accepted.',
    applies: (handler: Handler) => (handler.security?.length ?? 0) > 0,
  },
  {
    status: '403',
    name: 'LimisForbidden',
    description: 'The credentials lack a scope this operation needs.',
    applies: (handler: Handler) => (handler.security ?? []).some((r) => Object.values(r).some((s) => s.length > 0)),
  },
  {
    status: '413',
    name: 'LimisPayloadTooLarge',
    description: 'The body is larger than `x-limis-body-limit` bytes.',
    applies: (handler: Handler) => handler.requestBody !== undefined,
  },
  {
    status: '415',
    name: 'LimisUnsupportedMediaType',
    description: 'The body has a media type or content coding the operation does not declare.',
    applies: (handler: Handler) => handler.requestBody !== undefined,
  },
] as const;

/** RFC 9457 as `toProblem` writes it; valid in OpenAPI 3.0 and 3.1 alike. */
const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'An RFC 9457 problem, as limis answers it.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable and safe to branch on (`LIMIS_ERR_VALIDATION`, …).' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'message'],
        properties: { pointer: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/**
 * The contract a service serves: an OpenAPI contract says what the service really answers — the problem responses
 * the runtime adds (400 for invalid input, 401/403 where security applies, 413 and 415 where a body is read) on
 * every operation that does not list that status or its `4XX` range, and each body's limit as `x-limis-body-limit`.
 * So clients and conformance checkers reading it expect every status the service can send. Computed once, at mount;
 * the service's own contract object is never changed.
 */
export function servedContract(service: Service, bodyLimit: number): ServedContract | undefined {
  const contract = service.contract;
  if (!contract) return undefined;
  if ('asyncapi' in contract) return { name: 'asyncapi.json', text: JSON.stringify(contract) };
  if (!isPlainObject(contract.paths)) return { name: 'openapi.json', text: JSON.stringify(contract) };
  const components = isPlainObject(contract.components) ? contract.components : {};
  const schemas = isPlainObject(components.schemas) ? { ...components.schemas } : {};
  const responses = isPlainObject(components.responses) ? { ...components.responses } : {};
  const problem = freeName(schemas, 'LimisProblem');
  const responseNames = new Map<string, string>();
  const paths: Json = { ...contract.paths };
  for (const handler of service.handlers) {
    const pathItem = paths[handler.path];
    if (!isPlainObject(pathItem)) continue;
    const method = handler.method.toLowerCase();
    // OpenAPI 3.2 keeps the operations of other methods under `additionalOperations`, by their name as written.
    const additional = isPlainObject(pathItem.additionalOperations) ? pathItem.additionalOperations : {};
    const key = Object.keys(additional).find((name) => name.toLowerCase() === method);
    const found = isPlainObject(pathItem[method]) ? pathItem[method] : key === undefined ? undefined : additional[key];
    if (!isPlainObject(found)) continue;
    const operation: Json = { ...found };
    const listed: Json = isPlainObject(operation.responses) ? { ...operation.responses } : {};
    const covers = (status: string) =>
      Object.hasOwn(listed, status) || Object.keys(listed).some((key) => key.toUpperCase() === `${status[0]}XX`);
    for (const added of RUNTIME_RESPONSES) {
      if (covers(added.status) || !added.applies(handler, operation, pathItem)) continue;
      let name = responseNames.get(added.status);
      if (name === undefined) {
        name = freeName(responses, added.name);
        responses[name] = {
          description: added.description,
          content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${problem}` } } },
        };
        responseNames.set(added.status, name);
      }
      listed[added.status] = { $ref: `#/components/responses/${name}` };
    }
    operation.responses = listed;
    if (handler.requestBody) operation['x-limis-body-limit'] = handler.bodyLimit ?? bodyLimit;
    paths[handler.path] =
      isPlainObject(pathItem[method]) || key === undefined
        ? { ...pathItem, [method]: operation }
        : { ...pathItem, additionalOperations: { ...additional, [key]: operation } };
  }
  if (responseNames.size > 0) schemas[problem] = PROBLEM_SCHEMA;
  const served = {
    ...contract,
    paths,
    ...(responseNames.size > 0 && { components: { ...components, schemas, responses } }),
  };
  return { name: 'openapi.json', text: JSON.stringify(served) };
}

function hasParameters(object: Json): boolean {
  return Array.isArray(object.parameters) && object.parameters.length > 0;
}

/** `base`, or `base2`, `base3`… when the contract already has a component of that name. */
function freeName(taken: Json, base: string): string {
  let name = base;
  for (let n = 2; Object.hasOwn(taken, name); n++) name = `${base}${n}`;
  return name;
}
