import { expect } from 'chai';
import { type Served, serve } from '../../../helpers/serve.js';
import { createBoardService } from './expected/board/generated/routes.js';

describe('golden routes/problems: validation problems follow the contract', () => {
  let served: Served;

  before(async () => {
    const service = createBoardService({
      cards: {
        addCard: async ({ body }) => ({ status: 201, body }),
        addNote: async () => ({ status: 204 }),
      },
    });
    served = await serve({ services: [service] });
  });
  after(() => served.runtime.stop());

  async function problems(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${served.url}/board/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).to.equal(400);
    return (await response.json()).errors;
  }

  it('checks only the alternative the discriminator names, each mistake once, extra members by name', async () => {
    expect(await problems('cards', { kind: 'task', titel: 'Buy milk', priority: 'urgent' })).to.deep.equal([
      { pointer: '/body/title', message: 'is required' },
      { pointer: '/body/titel', message: 'is not allowed' },
      { pointer: '/body/priority', message: 'must be one of "low", "normal", "high"' },
    ]);
    expect(await problems('cards', { kind: 'checklist', items: [1] })).to.deep.equal([
      { pointer: '/body/items/0', message: 'must be string' },
    ]);
  });

  it('enforces a format of the contract’s own (x-limis-formats) as the pattern it stands for', async () => {
    expect(await problems('cards', { kind: 'task', title: 'x', code: 'ab-1' })).to.deep.equal([
      { pointer: '/body/code', message: 'must match pattern "^[A-Z]{2}-\\d{3}$"' },
    ]);
    const accepted = await fetch(`${served.url}/board/cards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'task', title: 'x', code: 'AB-123' }),
    });
    expect(accepted.status).to.equal(201);
  });

  it('refuses an integer beyond 2^53−1, which JSON.parse would round, saying why', async () => {
    const response = await fetch(`${served.url}/board/cards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind":"task","title":"x","points":9007199254740993}',
    });
    expect(response.status).to.equal(400);
    expect((await response.json()).errors).to.deep.equal([
      {
        pointer: '/body/points',
        message:
          'must be at most 9007199254740991: integers beyond ±(2^53−1) are not held exactly by a JavaScript number (see x-limis-bigint)',
      },
    ]);
    expect(await problems('cards', { kind: 'task', title: 'x', points: -(2 ** 53) })).to.deep.equal([
      {
        pointer: '/body/points',
        message:
          'must be at least -9007199254740991: integers beyond ±(2^53−1) are not held exactly by a JavaScript number (see x-limis-bigint)',
      },
    ]);
  });

  it('says which tags there are when the tag is wrong or missing, and a wrong type once', async () => {
    expect(await problems('cards', { kind: 'todo', title: 'x' })).to.deep.equal([
      { pointer: '/body/kind', message: 'must be one of "task", "checklist", "note"' },
    ]);
    expect(await problems('cards', { title: 'x' })).to.deep.equal([{ pointer: '/body/kind', message: 'is required' }]);
    expect(await problems('cards', 'a card')).to.deep.equal([{ pointer: '/body', message: 'must be object' }]);
  });

  it('takes an alternative tagged by its own const, and a schema used alone reports as before', async () => {
    expect(await problems('cards', { kind: 'note', text: 1 })).to.deep.equal([
      { pointer: '/body/text', message: 'must be string' },
    ]);
    expect(await problems('notes', { kind: 'memo', text: 'x', color: 'red' })).to.deep.equal([
      { pointer: '/body/color', message: 'is not allowed' },
      { pointer: '/body/kind', message: 'must be "note"' },
    ]);
  });

  it('accepts every alternative with its tag', async () => {
    for (const card of [
      { kind: 'task', title: 'Buy milk', priority: 'high' },
      { kind: 'checklist', items: ['milk', 'bread'] },
      { kind: 'note', text: 'Remember' },
    ]) {
      const response = await fetch(`${served.url}/board/cards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(card),
      });
      expect(response.status, JSON.stringify(card)).to.equal(201);
      expect(await response.json()).to.deep.equal(card);
    }
  });
});
