import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import { BENCH_API_KEY, pet, petstoreContract, printPort, type Stop } from './shared.js';

/** fastify + fastify-openapi-glue: routes, validation (ajv) and security from the same contract. */
export async function start(): Promise<Stop> {
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
  printPort((app.server.address() as AddressInfo).port);
  return () => app.close();
}
