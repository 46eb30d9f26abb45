import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { LimisError, PROBLEM_MEDIA_TYPE, toProblem } from '../errors.js';
import type { RuntimeRequest, RuntimeResponse } from '../handler.js';
import { readRequestBody } from '../http/body.js';
import { type CompiledHandler, compileHandler, type HandlerOptions } from '../http/compile-handler.js';
import { parseQuery } from '../http/query.js';
import { checkRequest, methodNotAllowed } from '../http/request-checks.js';
import { splitRequestTarget } from '../http/request-target.js';
import { mountPath } from '../http/routing.js';
import type { Service } from '../service.js';
import { RouteTree } from './route-tree.js';

export interface NodeAdapterOptions extends HandlerOptions {
  contextRoot: string;
}

type Route = { run: CompiledHandler } | { contract: string };

/**
 * The lean adapter: the same generated handlers and interceptors as on Koa, mounted on plain `node:http` with a
 * router compiled once. No middleware stack, no per-request context object beyond the runtime request.
 */
export function createNodeListener(services: readonly Service[], options: NodeAdapterOptions): RequestListener {
  const routes = new RouteTree<Route>();
  for (const service of services) {
    const prefix = mountPath(options.contextRoot, service.path);
    for (const handler of service.handlers)
      routes.add(handler.method, prefix + handler.path, { run: compileHandler(handler, service, options) });
    if (service.contract) {
      const name = 'asyncapi' in service.contract ? 'asyncapi.json' : 'openapi.json';
      routes.add('GET', `${prefix}/${name}`, { contract: JSON.stringify(service.contract) });
    }
  }
  return (request, response) => {
    serve(routes, request, response).catch((error: unknown) => {
      if (!(error instanceof LimisError)) options.onError(error, runtimeRequest(request, '', {}));
      if (!response.headersSent) writeProblem(response, error);
      else response.destroy();
    });
  };
}

async function serve(routes: RouteTree<Route>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = splitRequestTarget(request.url);
  if (!target)
    return writeProblem(response, new LimisError('LIMIS_ERR_BAD_REQUEST', 'the request-target is not a path'));
  const { path, search } = target;
  checkRequest(path, request.headers);
  let match: ReturnType<RouteTree<Route>['match']>;
  try {
    match = routes.match(path);
  } catch {
    return writeProblem(
      response,
      new LimisError('LIMIS_ERR_NOT_FOUND', `nothing is served at ${path}: it is not a valid percent-encoded path`),
    );
  }
  if (!match) return writeProblem(response, new LimisError('LIMIS_ERR_NOT_FOUND', `nothing is served at ${path}`));
  const method = request.method ?? 'GET';
  const entry = match.methods.get(method) ?? (method === 'HEAD' ? match.methods.get('GET') : undefined);
  if (!entry) {
    const allowed = [...match.methods.keys()];
    if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.unshift('HEAD');
    if (method === 'OPTIONS')
      return write(response, { status: 200, headers: { allow: allowed.join(', ') }, body: allowed.join(', ') }, false);
    return writeProblem(response, methodNotAllowed(method, path, allowed));
  }
  const route = entry.value;
  if ('contract' in route)
    return write(
      response,
      { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: route.contract },
      method === 'HEAD',
    );
  const params: Record<string, string> = Object.create(null);
  for (const [i, name] of entry.names.entries()) params[name] = match.values[i]!;
  const runtime = runtimeRequest(request, path, params, search);
  write(response, await route.run(runtime), method === 'HEAD');
}

function runtimeRequest(
  request: IncomingMessage,
  path: string,
  params: Record<string, string>,
  search = '',
): RuntimeRequest {
  return {
    method: request.method ?? 'GET',
    path,
    params,
    query: parseQuery(search),
    headers: request.headers,
    readBody: (limit) => readRequestBody(request, limit),
  };
}

function write(response: ServerResponse, result: RuntimeResponse, head: boolean): void {
  // A string body stays a string: node:http then sends headers and body in one write instead of a writev of two.
  const body = result.body;
  const headers: Record<string, string | number> = result.headers;
  if (body !== undefined && result.status !== 204 && result.status !== 304)
    headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  response.writeHead(result.status, headers);
  response.end(head || result.status === 204 || result.status === 304 ? undefined : body);
}

function writeProblem(response: ServerResponse, error: unknown): void {
  const problem = toProblem(error);
  const headers = { 'content-type': PROBLEM_MEDIA_TYPE, ...(error instanceof LimisError ? error.headers : {}) };
  write(response, { status: problem.status, headers, body: JSON.stringify(problem) }, false);
}
