import { Writable } from 'node:stream';
import { expect } from 'chai';
import { type Interceptor, loggingInterceptor } from 'limis/runtime';
import { pino } from 'pino';
import { createPetFeedService } from '../../golden/routes/streams/expected/pet-feed/generated/routes.js';
import { petstoreService, petstoreToken } from '../../helpers/petstore.js';
import { serve } from '../../helpers/serve.js';

/** A stream that keeps each JSON line written to it, parsed. */
function jsonLines() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, sink };
}

describe('loggingInterceptor', () => {
  it('writes one JSON line per action with request id, route, operation, status and duration', async () => {
    const { lines, sink } = jsonLines();
    const logger = pino({ base: undefined, timestamp: false }, sink);
    const fromAction: Interceptor = async (ctx, next) => {
      ctx.logger?.info({ seen: ctx.requestId }, 'inside getPet');
      await next();
    };
    const served = await serve({
      services: [petstoreService({ actions: { getPet: [fromAction] } })],
      interceptors: [loggingInterceptor({ logger })],
    });
    try {
      const given = await fetch(`${served.url}/petstore/pets/7`, {
        headers: { 'x-request-id': 'req-42', authorization: 'Bearer secret' },
      });
      expect(given.headers.get('x-request-id')).to.equal('req-42');
      const made = await fetch(`${served.url}/petstore/pets`, { headers: { 'x-request-id': 'bad id with spaces' } });
      const madeId = made.headers.get('x-request-id')!;
      expect(madeId).to.match(/^[0-9a-f-]{36}$/);
      await new Promise((resolve) => setImmediate(resolve));
      expect(
        lines.map(({ ms, ...rest }) => {
          if (rest.msg === 'action') expect(ms).to.be.a('number');
          return rest;
        }),
      ).to.deep.equal([
        { level: 30, requestId: 'req-42', seen: 'req-42', msg: 'inside getPet' },
        {
          level: 30,
          requestId: 'req-42',
          transport: 'http',
          service: 'petstore',
          operation: 'getPet',
          method: 'GET',
          path: '/petstore/pets/7',
          status: 404,
          msg: 'action',
        },
        {
          level: 30,
          requestId: madeId,
          transport: 'http',
          service: 'petstore',
          operation: 'listPets',
          method: 'GET',
          path: '/petstore/pets',
          status: 200,
          cache: 'miss',
          msg: 'action',
        },
      ]);
      expect(JSON.stringify(lines)).not.to.include('secret');
    } finally {
      await served.runtime.stop();
    }
  });

  it('logs a stream’s end on a line of its own, with its item count and how it ended', async () => {
    const { lines, sink } = jsonLines();
    const logger = pino({ base: undefined, timestamp: false }, sink);
    const service = createPetFeedService({
      petFeed: {
        async watchPets() {
          async function* events() {
            for (let id = 1; id <= 3; id++) yield { data: { id, name: `pet ${id}` } };
          }
          return { status: 200, stream: events() };
        },
        async importPets() {
          return { status: 200, body: { imported: 0 } };
        },
        async exportPets() {
          return { status: 200, body: [] };
        },
      },
    });
    const served = await serve({ services: [service], interceptors: [loggingInterceptor({ logger })] });
    try {
      await (await fetch(`${served.url}/pet-feed/pets/feed`)).text();
      for (let i = 0; i < 50 && lines.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(lines.map(({ msg, status, items, ended }) => ({ msg, status, items, ended }))).to.deep.equal([
        { msg: 'action', status: 200, items: undefined, ended: undefined },
        { msg: 'stream ended', status: 200, items: 3, ended: 'complete' },
      ]);
    } finally {
      await served.runtime.stop();
    }
  });

  it('names the caller by its principal’s sub, and never logs the token', async () => {
    const { lines, sink } = jsonLines();
    const served = await serve({
      services: [petstoreService()],
      interceptors: [loggingInterceptor({ logger: pino({ base: undefined, timestamp: false }, sink) })],
    });
    try {
      const token = await petstoreToken('pets:write');
      const created = await fetch(`${served.url}/petstore/pets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Rex' }),
      });
      expect(created.status).to.equal(201);
      await fetch(`${served.url}/petstore/pets`);
      await new Promise((resolve) => setImmediate(resolve));
      expect(lines.map((line) => [line.operation, line.sub])).to.deep.equal([
        ['createPet', 'tester'],
        ['listPets', undefined],
      ]);
      expect(JSON.stringify(lines)).not.to.include(token);
    } finally {
      await served.runtime.stop();
    }
  });
});
