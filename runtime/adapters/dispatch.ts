import { LimisError, PROBLEM_MEDIA_TYPE, toProblem } from '../errors.js';
import type { RuntimeRequest, RuntimeResponse } from '../handler.js';
import { type CompiledHandler, compileHandler, type HandlerOptions } from '../http/compile-handler.js';
import { parseQuery } from '../http/query.js';
import { checkRequest, methodNotAllowed } from '../http/request-checks.js';
import { splitRequestTarget } from '../http/request-target.js';
import { mountPath } from '../http/routing.js';
import { servedContract } from '../http/served-contract.js';
import type { Service } from '../service.js';
import { RouteTree } from './route-tree.js';

export interface DispatchOptions extends HandlerOptions {
  contextRoot: string;
}

/** One request as an adapter hands it over: the raw request-target (path and query), headers, and its body. */
export interface IncomingCall {
  method: string;
  target: string | undefined;
  headers: RuntimeRequest['headers'];
  readBody(limit: number): Promise<Uint8Array>;
  streamBody?(limit: number): AsyncIterable<Uint8Array>;
}

type Route = { run: CompiledHandler } | { contract: string };

/**
 * The routing every adapter without a router of its own shares (node:http, fetch): a route tree compiled once, the
 * request checks, 404/405/OPTIONS, the contracts, and the compiled handlers. Never rejects: every failure is a
 * problem response, and a failure that is not a LimisError is told to `onError`.
 */
export function compileDispatch(
  services: readonly Service[],
  options: DispatchOptions,
): (call: IncomingCall) => Promise<RuntimeResponse> {
  const routes = new RouteTree<Route>();
  for (const service of services) {
    const prefix = mountPath(options.contextRoot, service.path);
    for (const handler of service.handlers)
      routes.add(handler.method, prefix + handler.path, { run: compileHandler(handler, service, options) });
    const contract = servedContract(service, options.bodyLimit);
    if (contract) routes.add('GET', `${prefix}/${contract.name}`, { contract: contract.text });
  }
  const failed = (error: unknown, call: IncomingCall) => {
    if (!(error instanceof LimisError)) {
      options.onError(error, {
        method: call.method,
        path: call.target ?? '',
        params: {},
        query: {},
        headers: call.headers,
        readBody: call.readBody,
      });
    }
    return problemResponse(error);
  };
  // Routing is synchronous and a compiled handler never rejects (compileHandler), so the handler's own promise is
  // the only one per request.
  return (call) => {
    try {
      const answer = dispatch(routes, call);
      return answer instanceof Promise ? answer : Promise.resolve(answer);
    } catch (error) {
      return Promise.resolve(failed(error, call));
    }
  };
}

function dispatch(routes: RouteTree<Route>, call: IncomingCall): RuntimeResponse | Promise<RuntimeResponse> {
  const target = splitRequestTarget(call.target);
  if (!target) return problemResponse(new LimisError('LIMIS_ERR_BAD_REQUEST', 'the request-target is not a path'));
  const { path, search } = target;
  checkRequest(path, call.headers);
  let match: ReturnType<RouteTree<Route>['match']>;
  try {
    match = routes.match(path);
  } catch {
    return problemResponse(
      new LimisError('LIMIS_ERR_NOT_FOUND', `nothing is served at ${path}: it is not a valid percent-encoded path`),
    );
  }
  if (!match) return problemResponse(new LimisError('LIMIS_ERR_NOT_FOUND', `nothing is served at ${path}`));
  const method = call.method;
  const entry = match.methods.get(method) ?? (method === 'HEAD' ? match.methods.get('GET') : undefined);
  if (!entry) {
    const allowed = [...match.methods.keys()];
    if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.unshift('HEAD');
    if (method === 'OPTIONS') return { status: 200, headers: { allow: allowed.join(', ') }, body: allowed.join(', ') };
    return problemResponse(methodNotAllowed(method, path, allowed));
  }
  const route = entry.value;
  if ('contract' in route)
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: route.contract };
  const params: Record<string, string> = Object.create(null);
  const names = entry.names;
  for (let i = 0; i < names.length; i++) params[names[i]!] = match.values[i]!;
  return route.run({
    method,
    path,
    params,
    query: parseQuery(search),
    headers: call.headers,
    readBody: call.readBody,
    ...(call.streamBody && { streamBody: call.streamBody }),
  });
}

export function problemResponse(error: unknown): RuntimeResponse {
  const problem = toProblem(error);
  const headers = { 'content-type': PROBLEM_MEDIA_TYPE, ...(error instanceof LimisError ? error.headers : {}) };
  return { status: problem.status, headers, body: JSON.stringify(problem) };
}
