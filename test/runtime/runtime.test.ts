import { expect } from 'chai';
import { createRuntime, type NodeMiddleware } from 'limis/runtime';
import hello from '../../services/hello/index.js';
import helloWs from '../../services/hello-ws/index.js';
import { type Served, serve } from '../helpers/serve.js';
import { RawClient } from '../helpers/ws.js';

describe('createRuntime: middleware hooks', () => {
  const seen: string[] = [];
  const tag: NodeMiddleware = (request, response, next) => {
    seen.push(`node ${request.url}`);
    response.setHeader('x-node-middleware', 'yes');
    if (request.url === '/teapot') {
      response.writeHead(418).end('short and stout');
      return;
    }
    if (request.url === '/fail') return next(new Error('middleware failed'));
    if (request.url === '/throw') throw new Error('middleware threw');
    next();
  };

  for (const adapter of ['koa', 'node'] as const) {
    it(`runs http.nodeMiddleware before the ${adapter} adapter, able to answer, pass on or fail (500, reported)`, async () => {
      seen.length = 0;
      const served: Served = await serve({
        services: [hello, helloWs],
        adapter,
        ws: { port: 'http' },
        http: { nodeMiddleware: [tag] },
      });
      try {
        const greeting = await fetch(`${served.url}/hello/hello`);
        expect([greeting.status, await greeting.text(), greeting.headers.get('x-node-middleware')]).to.deep.equal([
          200,
          'hello',
          'yes',
        ]);
        const teapot = await fetch(`${served.url}/teapot`);
        expect([teapot.status, await teapot.text()]).to.deep.equal([418, 'short and stout']);
        for (const path of ['/fail', '/throw']) {
          const failed = await fetch(`${served.url}${path}`);
          expect(failed.status, path).to.equal(500);
          expect((await failed.json()).code).to.equal('LIMIS_ERR_INTERNAL');
        }
        expect(served.errors.map(String)).to.deep.equal(['Error: middleware failed', 'Error: middleware threw']);
        expect((await fetch(`${served.url}/healthz`)).headers.get('x-node-middleware')).to.equal(null);
        // The WebSocket server and a graceful stop are the runtime's still.
        const socket = await RawClient.open(`${served.url.replace('http', 'ws')}/hello/hello`);
        socket.send('x');
        expect(await socket.next()).to.deep.equal(['hello']);
        await socket.close();
        expect(seen).to.deep.equal(['node /hello/hello', 'node /teapot', 'node /fail', 'node /throw']);
      } finally {
        await served.runtime.stop();
      }
    });
  }

  it('runs http.middleware (Koa middleware) around routing on the Koa adapter, and refuses it on node', async () => {
    const served = await serve({
      services: [hello],
      http: {
        middleware: [
          async (ctx, next) => {
            await next();
            ctx.set('x-koa-middleware', `saw ${ctx.status}`);
          },
        ],
      },
    });
    try {
      const response = await fetch(`${served.url}/hello/hello`);
      expect(response.headers.get('x-koa-middleware')).to.equal('saw 200');
      expect((await fetch(`${served.url}/nothing`)).headers.get('x-koa-middleware')).to.equal('saw 404');
    } finally {
      await served.runtime.stop();
    }
    expect(() =>
      createRuntime({ services: [hello], adapter: 'node', http: { middleware: [async () => {}] } }),
    ).to.throw(
      TypeError,
      'createRuntime: http.middleware is Koa middleware; with adapter "node" use http.nodeMiddleware',
    );
  });
});
