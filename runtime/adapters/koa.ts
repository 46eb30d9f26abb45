import Router from '@koa/router';
import Koa, { type Context } from 'koa';
import { LimisError, PROBLEM_MEDIA_TYPE, toProblem } from '../errors.js';
import { isStreamBody, type RuntimeRequest, type RuntimeResponse } from '../handler.js';
import { readRequestBody, streamRequestBody } from '../http/body.js';
import { compileHandler, type HandlerOptions } from '../http/compile-handler.js';
import { parseQuery } from '../http/query.js';
import { checkRequest, methodNotAllowed } from '../http/request-checks.js';
import { compareSpecificity, mountPath, toRouterPath } from '../http/routing.js';
import { servedContract } from '../http/served-contract.js';
import { streamReadable } from '../http/write-stream.js';
import type { Service } from '../service.js';

export interface KoaAdapterOptions extends HandlerOptions {
  contextRoot: string;
  /** Koa middleware run on every request after limis turns errors into problem+json and before routing. */
  middleware?: readonly Koa.Middleware[];
}

/**
 * Mounts services on a Koa app with @koa/router: one route per generated handler, each service at
 * `/<contextRoot>/<service path>`, its contract at `…/openapi.json` (or `…/asyncapi.json`). 404 and 405
 * become problem+json here.
 */
export function createKoaApp(services: readonly Service[], options: KoaAdapterOptions): Koa {
  const app = new Koa();
  app.silent = true;
  // Paths are case-sensitive (RFC 3986), as on the node adapter.
  const router = new Router({ sensitive: true });
  for (const service of services) mountService(router, service, options);
  app.use(problemResponses(router, options));
  for (const middleware of options.middleware ?? []) {
    if (typeof middleware !== 'function')
      throw new TypeError('http.middleware must be Koa middleware: (ctx, next) => …');
    app.use(middleware);
  }
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

function mountService(router: Router, service: Service, options: KoaAdapterOptions): void {
  const prefix = mountPath(options.contextRoot, service.path);
  const handlers = [...service.handlers].sort((a, b) => compareSpecificity(a.path, b.path));
  for (const handler of handlers) {
    const { path, names } = toRouterPath(handler.path);
    const run = compileHandler(handler, service, options);
    router.register(prefix + path, [handler.method], async (ctx: Context) => {
      writeResponse(ctx, await run(runtimeRequest(ctx, names)));
    });
  }
  const contract = servedContract(service, options.bodyLimit);
  if (contract) {
    router.get(`${prefix}/${contract.name}`, (ctx: Context) => {
      ctx.state.limisAnswered = true;
      ctx.type = 'application/json';
      ctx.body = contract.text;
    });
  }
}

function runtimeRequest(ctx: Context, names: string[]): RuntimeRequest {
  const params: Record<string, string> = Object.create(null);
  names.forEach((name, index) => {
    params[name] = ctx.params[`p${index}`] ?? '';
  });
  return {
    method: ctx.method,
    path: ctx.path,
    params,
    query: parseQuery(ctx.querystring),
    headers: ctx.req.headers,
    readBody: (limit) => readRequestBody(ctx.req, limit),
    streamBody: (limit) => streamRequestBody(ctx.req, limit),
  };
}

function writeResponse(ctx: Context, response: RuntimeResponse): void {
  ctx.state.limisAnswered = true;
  ctx.status = response.status;
  ctx.set(response.headers);
  const body = response.body;
  if (isStreamBody(body)) {
    // Koa pipes a stream to the socket with backpressure and destroys it when the client goes away.
    ctx.body = streamReadable(body);
  } else if (body !== undefined) {
    ctx.body = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
}

/**
 * Turns what no handler answered (404, 405 from allowedMethods) and anything thrown by other middleware into
 * problem+json. A method @koa/router does not know (PROPFIND, any extension method) is a 405 with `Allow` here, as on
 * the node adapter, not the router's 501: the client asked for something this path does not do.
 */
function problemResponses(router: Router, options: KoaAdapterOptions): Koa.Middleware {
  return async (ctx, next) => {
    try {
      checkRequest(ctx.path, ctx.req.headers);
      await next();
    } catch (error) {
      if (!(error instanceof LimisError)) options.onError(error, runtimeRequest(ctx, []));
      writeProblem(ctx, error);
      return;
    }
    if (ctx.state.limisAnswered || (ctx.body !== undefined && ctx.body !== null)) return;
    if (ctx.status === 405) {
      writeProblem(ctx, methodNotAllowed(ctx.method, ctx.path, ctx.response.get('Allow').split(/,\s*/)));
    } else if (ctx.status === 501) {
      const allowed = [...new Set(router.match(ctx.path, ctx.method).path.flatMap((layer) => layer.methods))];
      writeProblem(
        ctx,
        allowed.length > 0
          ? methodNotAllowed(ctx.method, ctx.path, allowed)
          : new LimisError('LIMIS_ERR_NOT_FOUND', `nothing is served at ${ctx.path}`),
      );
    } else if (ctx.status === 404) {
      writeProblem(ctx, new LimisError('LIMIS_ERR_NOT_FOUND', `nothing is served at ${ctx.path}`));
    }
  };
}

function writeProblem(ctx: Context, error: unknown): void {
  const problem = toProblem(error);
  ctx.status = problem.status;
  if (error instanceof LimisError && error.headers) ctx.set(error.headers);
  ctx.type = PROBLEM_MEDIA_TYPE;
  ctx.body = JSON.stringify(problem);
}
