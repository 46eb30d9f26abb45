/**
 * One benchmark server per process: `node --import tsx bench/servers.ts <name>` listens on an ephemeral port on
 * 127.0.0.1, prints it, and reports its CPU time on SIGTERM. Every server answers the same two routes the same way.
 */
import Router from '@koa/router';
import Koa from 'koa';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRuntime } from 'limis/runtime';
import { createPetstoreService } from '../services/petstore/generated/routes.js';
import type { PetsComponent } from '../services/petstore/generated/component.js';
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
        request.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
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
  const adapter = name === 'limis-node' ? 'node' : 'koa';
  // Production mode: responses are not re-validated, requests always are.
  // The load sends an API key with each POST; the check is a string comparison, so authorization costs next to nothing.
  const security = { petstoreAuth: () => undefined, apiKey: (key: string) => (key === BENCH_API_KEY ? { sub: 'bench' } : undefined) };
  // No response cache: every request must reach the action, as on the other servers.
  const service = createPetstoreService({ pets }, { security });
  const runtime = createRuntime({ services: [service], adapter, cache: false, validateResponses: false, http: { port: 0, host: '127.0.0.1' } });
  await runtime.start();
  process.stdout.write(`${new URL(runtime.httpUrl).port}\n`);
  return () => runtime.stop();
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
