import { createServer, type IncomingHttpHeaders } from 'node:http';
import { OpenAPIHandler } from '@orpc/openapi/node';
import { ORPCError, os } from '@orpc/server';
import { z } from 'zod';
import { BENCH_API_KEY, listen, pet, type Stop } from './shared.js';

const NewPet = z.object({
  name: z.string().min(1).max(100),
  tag: z.string().nullable().optional(),
  status: z.enum(['available', 'pending', 'sold']).default('available'),
});
// The id first, as the other servers write it: oRPC writes what the output schema parsed, in its key order.
const Pet = z.object({ id: z.number().int(), ...NewPet.shape });

/** oRPC's OpenAPI handler on node:http: the petstore's two routes with zod input and output schemas. */
export function start(): Promise<Stop> {
  const base = os.$context<{ headers: IncomingHttpHeaders }>();
  const router = {
    getPet: base
      .route({ method: 'GET', path: '/petstore/pets/{petId}' })
      .input(z.object({ petId: z.coerce.number().int().min(1) }))
      .output(Pet)
      .handler(({ input }) => ({ ...pet, id: input.petId })),
    createPet: base
      .route({ method: 'POST', path: '/petstore/pets', successStatus: 201 })
      .use(({ context, next }) => {
        if (context.headers['x-api-key'] !== BENCH_API_KEY) throw new ORPCError('UNAUTHORIZED');
        return next();
      })
      .input(NewPet)
      .output(Pet)
      .handler(({ input }) => ({ ...input, id: 2 })),
  };
  const handler = new OpenAPIHandler(router);
  const server = createServer(async (request, response) => {
    const { matched } = await handler.handle(request, response, { context: { headers: request.headers } });
    if (!matched) response.writeHead(404).end();
  });
  return listen(server);
}
