import { createServer } from 'node:http';
import { compileDispatch } from '../../runtime/dist/adapters/dispatch.js';
import { compileHandler } from '../../runtime/dist/http/compile-handler.js';
import { createPetstoreService } from '../../services/petstore/generated/routes.js';
import { listen, pet, type Stop } from './shared.js';

const pets = {
  listPets: async () => ({ status: 200, body: [pet] }),
  createPet: async ({ body }: any) => ({ status: 201, body: { ...body, id: 2 } }),
  getPet: async ({ params }: any) => ({ status: 200, body: { ...pet, id: params.petId } }),
  updatePet: async ({ params, body }: any) => ({ status: 200, body: { ...body, id: params.petId } }),
  deletePet: async () => ({ status: 204 as const }),
};
export async function start(): Promise<Stop> {
  const service = createPetstoreService({ pets } as any, {
    security: { petstoreAuth: () => undefined, apiKey: () => undefined } as any,
  });
  const mode = process.env.ASYNC;
  const dispatch = compileDispatch([service], {
    contextRoot: '',
    bodyLimit: 1 << 20,
    validateResponses: false,
    interceptors: [],
    onError: () => undefined,
    tracing: false,
  } as any);
  const getPet: any = service.handlers.find((h: any) => h.operationId === 'getPet');
  const handler = compileHandler(getPet, service, {
    bodyLimit: 1 << 20,
    validateResponses: false,
    interceptors: [],
    onError: () => undefined,
    tracing: false,
  } as any);
  const req: any = {
    method: 'GET',
    path: '/petstore/pets/1',
    params: { petId: '1' },
    query: {},
    headers: { host: 'x' },
    readBody: async () => new Uint8Array(),
  };
  const fixed = {
    method: 'GET',
    target: '/petstore/pets/1',
    headers: { host: 'x' },
    readBody: async () => new Uint8Array(),
  };
  if (mode === 'selftest') {
    for (let i = 0; i < 50000; i++) await dispatch(fixed);
    const t = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < 200000; i++) await dispatch(fixed);
    const c = process.cpuUsage(c0);
    process.stderr.write(
      `in-server loop: ${(((performance.now() - t) * 1000) / 200000).toFixed(2)} µs wall, ${((c.user + c.system) / 200000).toFixed(2)} µs cpu\n`,
    );
  }
  return listen(
    createServer(async (request, response) => {
      let result: any;
      if (mode === 'headers') {
        void request.headers;
        result = {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...pet, id: 1 }),
        };
      } else if (mode === 'fixed') result = await dispatch(fixed);
      else if (mode === 'chain') {
        const f = async (n: number): Promise<number> => (n === 0 ? 0 : (await f(n - 1)) + 1);
        await f(6);
        result = {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...pet, id: 1 }),
        };
      } else if (mode === 'handler') result = await handler(req);
      else if (mode === 'invoke') {
        await getPet.invoke({ params: { petId: 1 } }, {});
        result = {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...pet, id: 1 }),
        };
      } else if (mode === 'fixed2') {
        result = await dispatch(fixed);
        result = await dispatch(fixed);
      } else
        result = await dispatch({
          method: request.method!,
          target: request.url,
          headers: request.headers,
          readBody: async () => new Uint8Array(),
        });
      const headers = result.headers;
      headers['content-length'] = Buffer.byteLength(result.body);
      response.writeHead(result.status, headers);
      response.end(result.body);
    }),
  );
}
