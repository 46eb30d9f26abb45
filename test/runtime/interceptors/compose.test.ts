import { expect } from 'chai';
import { composeInterceptors, type Interceptor, type InterceptorContext } from 'limis/runtime';
import { createChatEventsService } from '../../../services/chat-events/generated/channels.js';
import { PetstoreClient } from '../../../services/petstore/generated/client.js';
import { petstoreService } from '../../helpers/petstore.js';
import { serve } from '../../helpers/serve.js';
import { RawClient } from '../../helpers/ws.js';

function recorder(calls: string[], name: string): Interceptor {
  return async (ctx, next) => {
    calls.push(`${name}>${ctx.action}`);
    await next();
    calls.push(`<${name}`);
  };
}

describe('interceptors', () => {
  it('refuse a second next() from one interceptor, however many there are', async () => {
    const twice: Interceptor = async (_ctx, next) => {
      await next();
      await next();
    };
    const pass: Interceptor = (_ctx, next) => next();
    let runs = 0;
    const action = async () => {
      runs++;
    };
    for (const chain of [[twice], [pass, twice]]) {
      const error = await composeInterceptors(chain, action)({} as InterceptorContext).catch((e: unknown) => e);
      expect(String(error)).to.include('next() called more than once');
    }
    expect(runs).to.equal(2);
  });

  it('run runtime → service → component → action around an HTTP action, and only where registered', async () => {
    const calls: string[] = [];
    const service = petstoreService({
      interceptors: [recorder(calls, 'service')],
      components: { pets: [recorder(calls, 'component')] },
      actions: { getPet: [recorder(calls, 'action')] },
    });
    const served = await serve({ services: [service], interceptors: [recorder(calls, 'runtime')] });
    try {
      const client = new PetstoreClient({ baseUrl: `${served.url}/petstore` });
      await client.getPet({ params: { petId: 1 } });
      expect(calls.splice(0)).to.deep.equal([
        'runtime>getPet',
        'service>getPet',
        'component>getPet',
        'action>getPet',
        '<action',
        '<component',
        '<service',
        '<runtime',
      ]);
      await client.listPets();
      expect(calls).to.deep.equal([
        'runtime>listPets',
        'service>listPets',
        'component>listPets',
        '<component',
        '<service',
        '<runtime',
      ]);
    } finally {
      await served.runtime.stop();
    }
  });

  it('can answer instead of the action, with a declared response', async () => {
    const cached: Interceptor = async (ctx, next) => {
      if (ctx.transport === 'http' && ctx.request.headers['x-cached'] === 'yes') {
        ctx.result = { status: 200, body: [] };
        return;
      }
      await next();
    };
    const served = await serve({ services: [petstoreService({ actions: { listPets: [cached] } })] });
    try {
      const response = await fetch(`${served.url}/petstore/pets`, { headers: { 'x-cached': 'yes' } });
      expect(await response.json()).to.deep.equal([]);
    } finally {
      await served.runtime.stop();
    }
  });

  it('wrap WebSocket message actions the same way', async () => {
    const calls: string[] = [];
    const events = createChatEventsService(
      {
        rooms: {
          typing: async () => {
            calls.push('typing');
          },
        },
      },
      {
        components: { rooms: [recorder(calls, 'component')] },
        actions: { typing: [recorder(calls, 'action')] },
      },
    );
    const served = await serve({
      services: [events],
      interceptors: [recorder(calls, 'runtime')],
      ws: { port: 'http' },
    });
    try {
      const client = await RawClient.open(`${served.url.replace('http', 'ws')}/chat/rooms/red`);
      client.send('{"message":"typing","payload":{"author":"ann"}}');
      while (calls.length < 7) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(calls).to.deep.equal([
        'runtime>typing',
        'component>typing',
        'action>typing',
        'typing',
        '<action',
        '<component',
        '<runtime',
      ]);
    } finally {
      await served.runtime.stop();
    }
  });
});
