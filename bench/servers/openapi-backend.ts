import { createServer } from 'node:http';
import Koa from 'koa';
import { type Context as BackendContext, type Document, OpenAPIBackend } from 'openapi-backend';
import { BENCH_API_KEY, listen, pet, petstoreContract, type Stop } from './shared.js';

/** openapi-backend on Koa: routing, validation and security from the same contract. */
export async function start(): Promise<Stop> {
  const api = new OpenAPIBackend({ definition: petstoreContract() as Document, strict: false, quick: false });
  api.register({
    getPet: (c: BackendContext, ctx: Koa.Context) => {
      ctx.body = { ...pet, id: Number(c.request.params.petId) };
    },
    createPet: (c: BackendContext, ctx: Koa.Context) => {
      ctx.status = 201;
      ctx.body = { ...(c.request.requestBody as object), id: 2 };
    },
    validationFail: (c: BackendContext, ctx: Koa.Context) => {
      ctx.status = 400;
      ctx.body = { errors: c.validation.errors };
    },
    unauthorizedHandler: (_c: BackendContext, ctx: Koa.Context) => {
      ctx.status = 401;
    },
    notFound: (_c: BackendContext, ctx: Koa.Context) => {
      ctx.status = 404;
    },
  });
  api.registerSecurityHandler('apiKey', (c: BackendContext) => c.request.headers['x-api-key'] === BENCH_API_KEY);
  api.registerSecurityHandler('petstoreAuth', () => false);
  await api.init();
  const app = new Koa();
  app.use(async (ctx) => {
    if (!ctx.path.startsWith('/petstore/')) return;
    let requestBody: unknown;
    if (ctx.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      requestBody = JSON.parse(Buffer.concat(chunks).toString());
    }
    const request = {
      method: ctx.method,
      path: ctx.path.slice('/petstore'.length),
      query: ctx.querystring,
      headers: ctx.req.headers as Record<string, string>,
      body: requestBody,
    };
    await api.handleRequest(request, ctx);
  });
  return listen(createServer(app.callback()));
}
