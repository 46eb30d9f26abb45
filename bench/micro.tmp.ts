import { compileDispatch } from '../runtime/dist/adapters/dispatch.js';
import { createPetstoreService } from '../services/petstore/generated/routes.js';
import { pet } from './servers/shared.js';

const service = createPetstoreService(
  {
    pets: {
      listPets: async () => ({ status: 200, body: [] }),
      createPet: async () => ({ status: 201 }),
      updatePet: async () => ({ status: 200 }),
      deletePet: async () => ({ status: 204 }),
      getPet: async ({ params }: any) => ({ status: 200, body: { ...pet, id: params.petId } }),
    } as any,
  },
  { security: { petstoreAuth: () => undefined, apiKey: () => undefined } as any },
);
const base = {
  contextRoot: '',
  bodyLimit: 1 << 20,
  validateResponses: false,
  interceptors: [],
  onError: () => undefined,
  tracing: process.env.T === '1',
};
const dispatch = compileDispatch([service], base as any);
const headers = { host: '127.0.0.1:1234', 'user-agent': 'autocannon', accept: '*/*', connection: 'keep-alive' };
const call = { method: 'GET', target: '/petstore/pets/1', headers, readBody: async () => new Uint8Array() };
async function time(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 50000; i++) await f();
  const t = performance.now();
  const N = 200000;
  for (let i = 0; i < N; i++) await f();
  console.log(name, (((performance.now() - t) * 1000) / N).toFixed(2), 'µs');
}
await time('dispatch', () => dispatch(call));
const getPet = service.handlers.find((h: any) => h.operationId === 'getPet')!;
const req = {
  method: 'GET',
  path: '/petstore/pets/1',
  params: { petId: '1' },
  query: {},
  headers,
  readBody: call.readBody,
};
await time('parse+validate', async () => {
  const i = getPet.parse(req as any);
  getPet.validate(i);
});
await time('invoke', () => getPet.invoke({ params: { petId: 1 } } as any, {} as any));
await time('stringify', async () => JSON.stringify({ ...pet, id: 1 }));
async function concurrent(name: string, f: () => Promise<unknown>, yieldEvery: boolean) {
  const N = 100000;
  let done = 0;
  const worker = async () => {
    while (done < N) {
      done++;
      await f();
      if (yieldEvery) await new Promise((r) => setImmediate(r));
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  done = 0;
  const t = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: 50 }, worker));
  const c = process.cpuUsage(c0);
  console.log(
    name,
    (((performance.now() - t) * 1000) / N).toFixed(2),
    'µs wall/call',
    ((c.user + c.system) / N).toFixed(2),
    'µs cpu/call',
  );
}
await concurrent('dispatch x50', () => dispatch(call), false);
await concurrent('dispatch x50 + setImmediate', () => dispatch(call), true);
await concurrent('setImmediate only', async () => undefined, true);
