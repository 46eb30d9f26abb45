/**
 * One benchmark server per process: `node --import tsx bench/servers.ts <name>` listens on an ephemeral port on
 * 127.0.0.1, prints it, and reports its CPU time on SIGTERM. Every server answers the same two routes the same way.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Router from '@koa/router';
import Fastify from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import Koa from 'koa';
import { createRuntime } from 'limis/runtime';
import { type Context as BackendContext, type Document, OpenAPIBackend } from 'openapi-backend';
import { WebSocketServer } from 'ws';
import { parse } from 'yaml';
import { generate } from '../generator/index.js';
import type { PetsComponent } from '../services/petstore/generated/component.js';
import { createPetstoreService } from '../services/petstore/generated/routes.js';
import type { Pet } from '../services/petstore/generated/types.js';

export const BENCH_API_KEY = 'bench-key';

const pet: Pet = { id: 1, name: 'Rex', tag: 'dog', status: 'available' };

const pets: PetsComponent = {
  listPets: async () => ({ status: 200, body: [pet] }),
  createPet: async ({ body }) => ({ status: 201, body: { ...body, id: 2 } }),
  getPet: async ({ params }) => ({ status: 200, body: { ...pet, id: params.petId } }),
  updatePet: async ({ params, body }) => ({ status: 200, body: { ...body, id: params.petId } }),
  deletePet: async () => ({ status: 204 }),
};

async function start(name: string): Promise<() => Promise<void>> {
  if (name === 'node-http') {
    const server = createServer((request, response) => {
      const url = request.url ?? '';
      if (request.method === 'GET' && url.startsWith('/petstore/pets/')) {
        const body = JSON.stringify({ ...pet, id: Number(url.slice('/petstore/pets/'.length)) });
        response.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
      }
      if (request.method === 'POST' && url === '/petstore/pets') {
        const chunks: Buffer[] = [];
        request
          .on('data', (c: Buffer) => chunks.push(c))
          .on('end', () => {
            const body = JSON.stringify({ ...JSON.parse(Buffer.concat(chunks).toString()), id: 2 });
            response.writeHead(201, { 'content-type': 'application/json' }).end(body);
          });
        return;
      }
      response.writeHead(404).end();
    });
    return listen(server);
  }
  if (name === 'koa') {
    const app = new Koa();
    const router = new Router({ prefix: '/petstore' });
    router.get('/pets/:petId', (ctx) => {
      ctx.body = { ...pet, id: Number(ctx.params.petId) };
    });
    router.post('/pets', async (ctx) => {
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      ctx.status = 201;
      ctx.body = { ...JSON.parse(Buffer.concat(chunks).toString()), id: 2 };
    });
    app.use(router.routes());
    return listen(createServer(app.callback()));
  }
  if (name === 'ws-raw') {
    // The hand-written baseline: parse and stringify, no validation.
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/echo/echo' });
    wss.on('connection', (socket) =>
      socket.on('message', (data: Buffer) => socket.send(JSON.stringify(JSON.parse(data.toString())))),
    );
    return listen(server);
  }
  if (name === 'limis-ws') {
    const { createEchoService } = await generatedEcho();
    const echo = createEchoService({ echo: { echo: async (input: { payload: unknown }) => input.payload } });
    const runtime = createRuntime({
      services: [echo],
      validateResponses: false,
      http: { port: 0, host: '127.0.0.1' },
      ws: { port: 'http', messageRate: false },
    });
    await runtime.start();
    process.stdout.write(`${new URL(runtime.httpUrl).port}\n`);
    return () => runtime.stop();
  }
  if (name === 'fastify-openapi-glue') {
    const app = Fastify({ ajv: { customOptions: { strict: false } } });
    await app.register(openapiGlue, {
      specification: petstoreContract(),
      prefix: 'petstore',
      serviceHandlers: {
        getPet: async (request: { params: { petId: number } }) => ({ ...pet, id: request.params.petId }),
        createPet: async (request: { body: object }, reply: { code(status: number): void }) => {
          reply.code(201);
          return { ...request.body, id: 2 };
        },
      },
      securityHandlers: {
        apiKey: async (request: { headers: Record<string, unknown> }) => {
          if (request.headers['x-api-key'] !== BENCH_API_KEY)
            throw Object.assign(new Error('unauthorized'), { statusCode: 401 });
        },
        petstoreAuth: async () => {
          throw Object.assign(new Error('unauthorized'), { statusCode: 401 });
        },
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    process.stdout.write(`${(app.server.address() as AddressInfo).port}\n`);
    return () => app.close();
  }
  if (name === 'openapi-backend') {
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
  const adapter = name.startsWith('limis-node') ? 'node' : 'koa';
  // The telemetry variants (bench/telemetry.ts): none at all, metrics only, the defaults, an SDK recording everything.
  const telemetry =
    name === 'limis-node-bare'
      ? { tracing: false, metrics: false }
      : name === 'limis-node-metrics'
        ? { tracing: false }
        : {};
  if (name === 'limis-node-sdk') await recordEverySpan();
  // Production mode: responses are not re-validated, requests always are.
  // The load sends an API key with each POST; the check is a string comparison, so authorization costs next to nothing.
  const security = {
    petstoreAuth: () => undefined,
    apiKey: (key: string) => (key === BENCH_API_KEY ? { sub: 'bench' } : undefined),
  };
  // No response cache: every request must reach the action, as on the other servers.
  const service = createPetstoreService({ pets }, { security });
  const runtime = createRuntime({
    services: [service],
    adapter,
    cache: false,
    validateResponses: false,
    http: { port: 0, host: '127.0.0.1' },
    ...telemetry,
  });
  await runtime.start();
  process.stdout.write(`${new URL(runtime.httpUrl).port}\n`);
  return () => runtime.stop();
}

/** An OpenTelemetry SDK that records and exports every span, in batches, to an exporter that drops them. */
async function recordEverySpan(): Promise<void> {
  const { BatchSpanProcessor, NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const discard = {
    export: (_spans: unknown[], done: (result: { code: 0 }) => void) => done({ code: 0 }),
    shutdown: async () => undefined,
  };
  new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(discard)] }).register();
}

/** Generates bench/echo.asyncapi.yaml into bench/.tmp (inside the repository, so `limis/runtime` resolves) and loads it. */
async function generatedEcho(): Promise<{
  createEchoService: (components: unknown) => Parameters<typeof createRuntime>[0]['services'][number];
}> {
  const outDir = fileURLToPath(new URL('./.tmp/echo', import.meta.url));
  const { files } = await generate({
    contracts: [fileURLToPath(new URL('./echo.asyncapi.yaml', import.meta.url))],
    outDir,
  });
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text);
  }
  return import(pathToFileURL(join(outDir, 'echo/generated/channels.ts')).href);
}

/** The same petstore contract limis serves, for the peers that read a contract at start-up. */
function petstoreContract(): Record<string, unknown> {
  return parse(readFileSync(new URL('../contracts/petstore.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
}

function listen(server: ReturnType<typeof createServer>): Promise<() => Promise<void>> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
      resolve(() => new Promise((done) => server.close(() => done())));
    });
  });
}

const stop = await start(process.argv[2] ?? '');
process.on('message', (message) => {
  if (message !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.send?.({ cpuMicros: user + system });
});
process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
