import { serve } from '@hono/node-server';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { BENCH_API_KEY, pet, printPort, type Stop } from './shared.js';

const NewPet = z.object({
  name: z.string().min(1).max(100),
  tag: z.string().nullable().optional(),
  status: z.enum(['available', 'pending', 'sold']).default('available'),
});
const Pet = NewPet.extend({ id: z.number().int() });

/** Hono + @hono/zod-openapi on @hono/node-server: the petstore's two routes typed and validated by zod schemas. */
export function start(): Promise<Stop> {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
  });
  const getPet = createRoute({
    method: 'get',
    path: '/petstore/pets/{petId}',
    request: { params: z.object({ petId: z.coerce.number().int().min(1) }) },
    responses: { 200: { description: 'The pet.', content: { 'application/json': { schema: Pet } } } },
  });
  app.openapi(getPet, (c) => c.json({ ...pet, status: 'available' as const, id: c.req.valid('param').petId }, 200));
  const createPet = createRoute({
    method: 'post',
    path: '/petstore/pets',
    security: [{ apiKey: [] }],
    // zod-openapi documents security but leaves the check to middleware.
    middleware: [
      async (c, next) => {
        if (c.req.header('x-api-key') !== BENCH_API_KEY) return c.json({ title: 'Unauthorized', status: 401 }, 401);
        await next();
      },
    ] as const,
    request: { body: { required: true, content: { 'application/json': { schema: NewPet } } } },
    responses: { 201: { description: 'The pet.', content: { 'application/json': { schema: Pet } } } },
  });
  app.openapi(createPet, (c) => c.json({ ...c.req.valid('json'), id: 2 }, 201));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      printPort(info.port);
      resolve(() => new Promise((done) => server.close(() => done())));
    });
  });
}
