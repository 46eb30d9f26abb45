import { Agent, request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { defineService, loggingInterceptor } from 'limis/runtime';
import helloWs from '../../../services/hello-ws/index.js';
import { testHandler } from '../../helpers/handler.js';
import { type Served, serve } from '../../helpers/serve.js';
import { RawClient } from '../../helpers/ws.js';

/** GET over a given agent (a kept-alive connection), resolving status and body. */
function get(
  url: string,
  agent: Agent,
  method = 'GET',
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent, method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    })
      .on('error', reject)
      .end();
  });
}

let release: () => void = () => {};
const slow = testHandler({
  method: 'GET',
  path: '/slow',
  invoke: () => new Promise((resolve) => (release = () => resolve({ status: 200, body: 'finished' }))),
});

for (const adapter of ['koa', 'node'] as const)
  describe(`health and readiness probes (${adapter} adapter)`, () => {
    let served: Served;
    let agent: Agent;
    const logged: string[] = [];
    beforeEach(async () => {
      logged.length = 0;
      const line = (o: object) => logged.push(JSON.stringify(o));
      const logger = { info: line, warn: line, error: line, debug: () => {}, child: () => logger };
      served = await serve({
        services: [defineService({ name: 'probe', path: 'probe', handlers: [slow] }), helloWs],
        adapter,
        contextRoot: 'api',
        ws: { port: 'http' },
        interceptors: [loggingInterceptor({ logger: logger as never })],
      });
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
    });
    afterEach(async () => {
      release();
      agent.destroy();
      await served.runtime.stop();
    });

    it('answers /healthz and /readyz outside the context root, and logs neither', async () => {
      expect(served.runtime.readiness).to.equal('ready');
      const live = await get(`${served.url}/healthz`, agent);
      expect([live.status, live.body, live.headers['cache-control']]).to.deep.equal([
        200,
        '{"status":"ok"}',
        'no-store',
      ]);
      expect(await get(`${served.url}/readyz?probe=1`, agent)).to.deep.include({
        status: 200,
        body: '{"status":"ready"}',
      });
      expect(await get(`${served.url}/readyz`, agent, 'HEAD')).to.deep.include({ status: 200, body: '' });
      expect((await get(`${served.url}/readyz`, agent, 'POST')).status).to.equal(405);
      expect((await get(`${served.url}/api/healthz`, agent)).status).to.equal(404);
      expect(logged.filter((line) => line.includes('healthz') || line.includes('readyz'))).to.deep.equal([]);
    });

    it('turns readiness to 503 the moment stop() begins and for drainDelay, lets the request in flight finish, closes sockets with 1001', async () => {
      const socket = await RawClient.open(`${served.url.replace('http', 'ws')}/api/hello/hello`);
      const inFlight = get(`${served.url}/api/probe/slow`, new Agent({ keepAlive: false }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const probe = new Agent({ keepAlive: true, maxSockets: 1 });
      expect((await get(`${served.url}/readyz`, probe)).status).to.equal(200);
      const stopping = served.runtime.stop();
      expect(served.runtime.readiness).to.equal('draining');
      expect(await get(`${served.url}/readyz`, probe)).to.deep.include({ status: 503, body: '{"status":"draining"}' });
      expect((await get(`${served.url}/healthz`, probe)).status).to.equal(200);
      expect((await socket.closed).code).to.equal(1001);
      probe.destroy();
      release();
      expect(await inFlight).to.deep.include({ status: 200, body: '"finished"' });
      await stopping;
    });
  });

describe('health probes switched off or moved', () => {
  it('serves neither with health: false, and the paths given otherwise', async () => {
    const off = await serve({ services: [helloWs], health: false });
    const moved = await serve({ services: [helloWs], health: { live: '/live', ready: '/ready' } });
    try {
      expect((await fetch(`${off.url}/healthz`)).status).to.equal(404);
      expect((await fetch(`${moved.url}/live`)).status).to.equal(200);
      expect(await (await fetch(`${moved.url}/ready`)).json()).to.deep.equal({ status: 'ready' });
      expect((await fetch(`${moved.url}/healthz`)).status).to.equal(404);
    } finally {
      await off.runtime.stop();
      await moved.runtime.stop();
    }
  });
});
