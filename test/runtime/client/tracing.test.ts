import { expect } from 'chai';
import { type ClientSpan, type ClientTracing, clientTracing, useClientTracing } from 'limis/client';
import { hello } from '../../../services/hello-ws/components/hello.js';
import { createHelloWsService } from '../../../services/hello-ws/generated/channels.js';
import { HelloWsClient } from '../../../services/hello-ws/generated/ws-client.js';
import { PetstoreClient } from '../../../services/petstore/generated/client.js';
import { petstoreService } from '../../helpers/petstore.js';
import { type Served, serve } from '../../helpers/serve.js';

/** A tracing that records what the clients asked of it, and sends a fixed traceparent. */
function recordingTracing() {
  const calls: Array<{
    name: string;
    attributes: Record<string, unknown>;
    ended?: { status?: number; error?: unknown };
  }> = [];
  const tracing: ClientTracing = {
    start(name, attributes) {
      const call: (typeof calls)[number] = { name, attributes: { ...attributes } };
      calls.push(call);
      const span: ClientSpan = {
        inject: (headers) => {
          headers.traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
        },
        setAttribute: (key, value) => {
          call.attributes[key] = value;
        },
        end: (outcome) => {
          call.ended = outcome;
        },
      };
      return span;
    },
  };
  return { calls, tracing };
}

describe('client tracing hook', () => {
  let served: Served;
  let seen: Array<string | undefined>;
  const previous = clientTracing();

  beforeEach(async () => {
    seen = [];
    served = await serve({
      services: [petstoreService(), createHelloWsService({ hello })],
      ws: { port: 0, host: '127.0.0.1' },
      tracing: false,
      metrics: false,
      http: {
        nodeMiddleware: [
          (request, _response, next) => {
            seen.push(request.headers.traceparent as string | undefined);
            next();
          },
        ],
      },
    });
  });
  afterEach(async () => {
    useClientTracing(previous);
    await served.runtime.stop();
  });

  it('starts a span per call named by method and path template, sends its traceparent, ends it with the status', async () => {
    const { calls, tracing } = recordingTracing();
    useClientTracing(tracing);
    const client = new PetstoreClient({ baseUrl: `${served.url}/petstore` });
    await client.getPet({ params: { petId: 1 } });
    expect(seen).to.deep.equal(['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']);
    expect(calls).to.deep.equal([
      {
        name: 'GET /pets/{petId}',
        attributes: { 'http.request.method': 'GET', 'url.template': '/pets/{petId}' },
        ended: { status: 404 },
      },
    ]);
  });

  it('ends the span with the error when the call fails, and a WebSocket upgrade is a span too', async () => {
    const { calls, tracing } = recordingTracing();
    useClientTracing(tracing);
    const nowhere = new PetstoreClient({ baseUrl: 'http://127.0.0.1:1/petstore' });
    let failed: unknown;
    await nowhere.getPet({ params: { petId: 1 } }).catch((error: unknown) => (failed = error));
    expect(calls[0]!.ended).to.deep.equal({ error: failed });
    const connection = await new HelloWsClient({ baseUrl: `${served.runtime.wsUrl}/hello` }).hello();
    connection.close();
    expect(calls.map((c) => [c.name, c.ended])).to.deep.equal([
      ['GET /pets/{petId}', { error: failed }],
      ['WS hello', {}],
    ]);
  });

  it('without a tracing, sends no trace context', async () => {
    useClientTracing(undefined);
    await new PetstoreClient({ baseUrl: `${served.url}/petstore` }).getPet({ params: { petId: 1 } });
    expect(seen).to.deep.equal([undefined]);
  });
});
