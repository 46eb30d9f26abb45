import { expect } from 'chai';
import { createFetchHandler } from 'limis/runtime';
import { type Served, serve } from '../../../helpers/serve.js';
import type { PetFeedComponent } from './expected/pet-feed/generated/component.js';
import { createPetFeedService } from './expected/pet-feed/generated/routes.js';

const pets = [
  { id: 1, name: 'Rex' },
  { id: 2, name: 'Tom' },
  { id: 3, name: 'Kit' },
];
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the actions did, for the tests to look at: resumes asked for, iterators closed. */
const seen = { lastEventIds: [] as Array<string | undefined>, closed: 0 };

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

    it('never caches a stream, whatever the cache policy says', async () => {
      const asked = seen.lastEventIds.length;
      for (let i = 0; i < 2; i++) await readAll(await call('/cached-feed/pets/feed'));
      expect(seen.lastEventIds.length).to.equal(asked + 2);
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
