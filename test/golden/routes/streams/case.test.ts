import { expect } from 'chai';
import { ResponseStatusError } from 'limis/client';
import { StreamError } from 'limis/client/stream';
import { createFetchHandler, LimisError } from 'limis/runtime';
import { type Served, serve } from '../../../helpers/serve.js';
import { PetFeedClient } from './expected/pet-feed/generated/client.js';
import type { PetFeedComponent } from './expected/pet-feed/generated/component.js';
import { createPetFeedService } from './expected/pet-feed/generated/routes.js';

const pets = [
  { id: 1, name: 'Rex' },
  { id: 2, name: 'Tom' },
  { id: 3, name: 'Kit' },
];
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the actions did, for the tests to look at: resumes asked for, iterators closed, items imported. */
const seen = {
  lastEventIds: [] as Array<string | undefined>,
  closed: 0,
  imported: [] as Array<{ id: number; name: string }>,
  /** Resolved when the import action has read its first item. */
  firstImported: undefined as (() => void) | undefined,
};

const component: PetFeedComponent = {
  async watchPets({ query, headers }) {
    seen.lastEventIds.push(headers['last-event-id']);
    const after = Number(headers['last-event-id'] ?? 0);
    async function* events() {
      try {
        for (const pet of pets.filter((p) => p.id > after)) {
          await tick(5);
          yield { event: 'added' as const, id: String(pet.id), data: pet };
        }
        while (query.tag === 'forever') {
          await tick(20);
          yield { data: pets[0]! };
        }
        if (query.tag === 'idle') await tick(120);
        // An item the contract refuses: the stream ends with an error event.
        if (query.tag === 'broken') yield { data: { id: 4, name: '' } };
      } finally {
        seen.closed++;
      }
    }
    return { status: 200, stream: events() };
  },
  async importPets({ body }) {
    let imported = 0;
    for await (const pet of body) {
      seen.imported.push(pet);
      if (imported++ === 0) seen.firstImported?.();
    }
    return { status: 200, body: { imported } };
  },
  async exportPets() {
    async function* lines() {
      for (const pet of pets) yield pet;
      yield { id: 'four', name: 'x' } as unknown as (typeof pets)[number];
    }
    return { status: 200, stream: lines(), contentType: 'application/jsonl' };
  },
};

const sse = (pet: (typeof pets)[number]) => `event: added\nid: ${pet.id}\ndata: ${JSON.stringify(pet)}\n\n`;

async function readAll(response: Response): Promise<{ text: string; failed?: string }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text };
      text += value;
    }
  } catch (error) {
    return { text, failed: (error as Error).message };
  }
}

for (const adapter of ['koa', 'node', 'fetch'] as const) {
  describe(`golden routes/streams (${adapter} adapter): streamed responses, item by item`, () => {
    let served: Served | undefined;
    let call: (path: string, init?: RequestInit) => Promise<Response>;
    before(async () => {
      const service = createPetFeedService({ petFeed: component });
      const cached = createPetFeedService(
        { petFeed: component },
        { path: 'cached-feed', cache: { watchPets: { maxAge: 60 } } },
      );
      if (adapter === 'fetch') {
        const handle = createFetchHandler([service, cached], { streamHeartbeat: 30, onError: () => undefined });
        call = (path, init) => handle(new Request(`http://limis.test${path}`, init));
      } else {
        served = await serve({ services: [service, cached], adapter, streamHeartbeat: 30 });
        call = (path, init) => fetch(`${served!.url}${path}`, init);
      }
    });
    after(() => served?.runtime.stop());

    it('writes Server-Sent Events as the action yields them, typed by itemSchema', async () => {
      const response = await call('/pet-feed/pets/feed');
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).to.equal('no-cache');
      expect((await readAll(response)).text).to.equal(pets.map(sse).join(''));
    });

    it('hands the action Last-Event-ID, so a reconnecting client resumes after it', async () => {
      const response = await call('/pet-feed/pets/feed', { headers: { 'last-event-id': '2' } });
      expect((await readAll(response)).text).to.equal(sse(pets[2]!));
      expect(seen.lastEventIds.at(-1)).to.equal('2');
    });

    it('sends heartbeat comments while the action is silent', async () => {
      const { text } = await readAll(await call('/pet-feed/pets/feed?tag=idle'));
      expect(text.startsWith(pets.map(sse).join(''))).to.equal(true);
      expect(text.slice(pets.map(sse).join('').length)).to.match(/^(:\n\n)+$/);
    });

    it('ends the stream with an error event at an item its contract refuses', async () => {
      const { text } = await readAll(await call('/pet-feed/pets/feed?tag=broken'));
      expect(text.startsWith(pets.map(sse).join(''))).to.equal(true);
      const last = text.slice(pets.map(sse).join('').length);
      if (served) expect(String(served.errors.at(-1))).to.include('streamed an item that does not match its contract');
      expect(last).to.match(
        /^event: error\ndata: \{"code":"LIMIS_ERR_INVALID_RESPONSE","detail":"action watchPets streamed an item that does not match its contract: \/3\/data\/name must NOT have fewer than 1 characters"\}\n\n$/,
      );
    });

    it('calls the action iterator’s return() when the client goes away mid-stream', async () => {
      const closed = seen.closed;
      const controller = new AbortController();
      const response = await call('/pet-feed/pets/feed?tag=forever', { signal: controller.signal });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      await reader.cancel().catch(() => undefined);
      for (let i = 0; i < 100 && seen.closed === closed; i++) await tick(10);
      expect(seen.closed).to.equal(closed + 1);
    });

    it('refuses before the first byte when an interceptor does, and never starts the action', async () => {
      if (adapter === 'fetch') return;
      const asked = seen.lastEventIds.length;
      const denying = await serve({
        services: [createPetFeedService({ petFeed: component })],
        adapter,
        interceptors: [
          async () => {
            throw new LimisError('LIMIS_ERR_FORBIDDEN', 'not for you');
          },
        ],
      });
      try {
        const response = await fetch(`${denying.url}/pet-feed/pets/feed`);
        expect(response.status).to.equal(403);
        expect(response.headers.get('content-type')).to.equal('application/problem+json');
        expect(seen.lastEventIds.length).to.equal(asked);
      } finally {
        await denying.runtime.stop();
      }
    });

    it('never caches a stream, whatever the cache policy says', async () => {
      const asked = seen.lastEventIds.length;
      for (let i = 0; i < 2; i++) await readAll(await call('/cached-feed/pets/feed'));
      expect(seen.lastEventIds.length).to.equal(asked + 2);
    });

    it('reads a JSON Lines upload item by item: the action has the first before the client sends the second', async () => {
      seen.imported = [];
      const firstRead = new Promise<void>((resolve) => {
        seen.firstImported = resolve;
      });
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(`${JSON.stringify(pets[0])}\n`));
          await firstRead;
          controller.enqueue(encoder.encode(`\n${JSON.stringify(pets[1])}\n${JSON.stringify(pets[2])}`));
          controller.close();
        },
      });
      const response = await call('/pet-feed/pets/import', {
        method: 'POST',
        headers: { 'content-type': 'application/jsonl' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ imported: 3 });
      expect(seen.imported).to.deep.equal(pets);
    });

    it('refuses the first invalid line of an upload, pointing at it, and a line or body past its limit', async () => {
      const upload = (text: string) =>
        call('/pet-feed/pets/import', {
          method: 'POST',
          headers: { 'content-type': 'application/jsonl' },
          body: text,
        });
      const invalid = await upload(`${JSON.stringify(pets[0])}\n{"id":2,"name":""}\n{"id":3}\n`);
      expect(invalid.status).to.equal(400);
      expect((await invalid.json()).errors).to.deep.equal([
        { pointer: '/body/1/name', message: 'must NOT have fewer than 1 characters' },
      ]);
      const garbled = await upload('{"id":1,"name":"a"}\n{oops\n');
      expect(garbled.status).to.equal(400);
      expect((await garbled.json()).code).to.equal('LIMIS_ERR_INVALID_JSON');
      // x-limis-body-limit is 4096 bytes for the whole upload (and so for any one line).
      const tooLong = await upload(`{"id":1,"name":"${'x'.repeat(5000)}"}\n`);
      expect(tooLong.status).to.equal(413);
      const tooMuch = await upload(`${JSON.stringify({ id: 1, name: 'x'.repeat(100) })}\n`.repeat(60));
      expect(tooMuch.status).to.equal(413);
    });

    it('writes JSON Lines, and breaks the connection off at an item its contract refuses', async () => {
      const response = await call('/pet-feed/pets/export');
      expect(response.headers.get('content-type')).to.equal('application/jsonl');
      const { text, failed } = await readAll(response);
      expect(text).to.equal(pets.map((p) => `${JSON.stringify(p)}\n`).join(''));
      expect(failed, 'the client sees the stream fail, not end').to.be.a('string');
    });
  });
}

describe('golden routes/streams: the generated client iterates streams typed, and resumes SSE after a drop', () => {
  let served: Served;
  const baseUrl = () => `${served.url}/pet-feed`;
  before(async () => {
    const jsonExport: PetFeedComponent = {
      ...component,
      exportPets: async () => ({ status: 200, body: pets }),
    };
    served = await serve({
      services: [
        createPetFeedService({ petFeed: component }),
        createPetFeedService({ petFeed: jsonExport }, { path: 'json-export' }),
      ],
    });
  });
  after(() => served.runtime.stop());

  it('for await over the call yields each event, its data parsed and typed', async () => {
    const client = new PetFeedClient({ baseUrl: baseUrl() });
    const events = [];
    for await (const event of client.watchPets()) events.push(event);
    expect(events).to.deep.equal(pets.map((pet) => ({ event: 'added', id: String(pet.id), data: pet })));
    const names: string[] = events.map((event) => event.data.name);
    expect(names).to.deep.equal(['Rex', 'Tom', 'Kit']);
  });

  it('awaited, the call is the Result; its stream member iterates JSON Lines', async () => {
    const result = await new PetFeedClient({ baseUrl: baseUrl() }).exportPets();
    if (result.status !== 200 || !('stream' in result)) throw new Error('expected a stream');
    const lines: unknown[] = [];
    const failure = await (async () => {
      for await (const pet of result.stream) lines.push(pet);
    })().catch((e: unknown) => e);
    expect(lines).to.deep.equal(pets);
    // The server broke the connection off at the item its contract refuses.
    expect(failure).to.be.instanceOf(Error);
  });

  it('reconnects after a dropped connection with Last-Event-ID, and misses nothing', async () => {
    let calls = 0;
    const dropping: typeof fetch = async (url, init) => {
      const response = await fetch(url, init);
      if (calls++ > 0) return response;
      // The first connection fails after its first event, as a network would.
      const reader = response.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          controller.enqueue(value);
          if (new TextDecoder().decode(value).includes('\n\n')) {
            await reader.cancel();
            controller.error(new TypeError('terminated'));
          }
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const client = new PetFeedClient({ baseUrl: baseUrl(), fetch: dropping });
    const ids = [];
    for await (const event of client.watchPets({}, { reconnect: { delay: 10 } })) ids.push(event.id);
    expect(ids).to.deep.equal(['1', '2', '3']);
    expect(seen.lastEventIds.slice(-2)).to.deep.equal([undefined, '1']);
  });

  it('stops when its AbortSignal aborts, and the server’s iterator is returned', async () => {
    const closed = seen.closed;
    const controller = new AbortController();
    const client = new PetFeedClient({ baseUrl: baseUrl() });
    const got = [];
    const failure = await (async () => {
      for await (const event of client.watchPets({ query: { tag: 'forever' } }, { signal: controller.signal })) {
        got.push(event);
        if (got.length === 4) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect((failure as Error).name).to.equal('AbortError');
    for (let i = 0; i < 100 && seen.closed === closed; i++) await tick(10);
    expect(seen.closed).to.equal(closed + 1);
  });

  it('throws the server’s error event as a StreamError, without reconnecting', async () => {
    const client = new PetFeedClient({ baseUrl: baseUrl() });
    const asked = seen.lastEventIds.length;
    const failure = await (async () => {
      for await (const _ of client.watchPets({ query: { tag: 'broken' } }));
    })().catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(StreamError);
    expect((failure as StreamError).code).to.equal('LIMIS_ERR_INVALID_RESPONSE');
    expect(seen.lastEventIds.length).to.equal(asked + 1);
  });

  it('uploads JSON Lines from an async iterable, sent as it is produced', async () => {
    seen.imported = [];
    async function* upload() {
      for (const pet of pets) yield pet;
    }
    const result = await new PetFeedClient({ baseUrl: baseUrl() }).importPets({ body: upload() });
    expect(result).to.deep.include({ status: 200, body: { imported: 3 } });
    expect(seen.imported).to.deep.equal(pets);
  });

  it('iterating a call answered with a whole body throws ResponseStatusError; awaiting it gives the body', async () => {
    const client = new PetFeedClient({ baseUrl: `${served.url}/json-export` });
    const failure = await (async () => {
      for await (const _ of client.exportPets());
    })().catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(ResponseStatusError);
    expect(await client.exportPets()).to.deep.include({ status: 200, body: pets });
  });
});
