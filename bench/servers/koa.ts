import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { listen, pet, type Stop } from './shared.js';

/** Hand-written Koa + @koa/router: the same routes, no validation. */
export function start(): Promise<Stop> {
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
