import { expect } from 'chai';
import { ResponseStream, readableStream } from '../../../runtime/http/response-stream.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function chunks(stream: ResponseStream): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of stream) all.push(chunk);
  return all;
}

function stream(
  items: AsyncIterable<unknown> | unknown[],
  options: Partial<ConstructorParameters<typeof ResponseStream>[1]> = {},
) {
  const errors: unknown[] = [];
  const source = Array.isArray(items)
    ? (async function* () {
        yield* items;
      })()
    : items;
  const body = new ResponseStream(source, {
    format: 'sse',
    operationId: 'op',
    onError: (e) => errors.push(e),
    ...options,
  });
  return { body, errors };
}

describe('ResponseStream (runtime/http/response-stream)', () => {
  it('frames SSE events: event, id, retry lines, then one data line per line of data, JSON unless a string', async () => {
    const { body } = stream([{ event: 'note', id: '7', retry: 1000, data: 'two\nlines' }, { data: { a: 1 } }, {}]);
    expect(await chunks(body)).to.deep.equal([
      'event: note\nid: 7\nretry: 1000\ndata: two\ndata: lines\n\n',
      'data: {"a":1}\n\n',
      '\n',
    ]);
    expect(await body.finished).to.deep.equal({ items: 3, ended: 'complete' });
  });

  it('refuses an event whose fields would break the framing, ending with an error event', async () => {
    for (const bad of [{ event: 'a\nb' }, { id: 'x\r' }, { retry: -1 }, 'text', [1]]) {
      const { body, errors } = stream([{ data: 'ok' }, bad, { data: 'never' }]);
      const all = await chunks(body);
      expect(all[0]).to.equal('data: ok\n\n');
      expect(all[1]).to.match(/^event: error\ndata: \{"code":"LIMIS_ERR_INVALID_RESPONSE"/);
      expect(all).to.have.length(2);
      expect(errors).to.have.length(1);
      expect((await body.finished).ended).to.equal('failed');
    }
  });

  it('hides what an action threw from the client, and reports it', async () => {
    const failing = (async function* () {
      yield { data: 1 };
      throw new Error('secret detail');
    })();
    const { body, errors } = stream(failing);
    expect(await chunks(body)).to.deep.equal([
      'data: 1\n\n',
      'event: error\ndata: {"code":"LIMIS_ERR_INTERNAL","detail":"the stream failed"}\n\n',
    ]);
    expect(String(errors[0])).to.include('secret detail');
  });

  it('writes JSON Lines with the codec given, and fails the transport at an error', async () => {
    const { body } = stream([{ n: 1n }], {
      format: 'jsonl',
      stringify: (v) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x)),
    });
    expect(await chunks(body)).to.deep.equal(['{"n":"1"}\n']);
    const { body: broken } = stream([1, { bad: true }], {
      format: 'jsonl',
      validate: Object.assign((v: unknown) => typeof v === 'number', {
        errors: [{ instancePath: '', keyword: 'type', message: 'must be number', params: {} }],
      }),
    });
    const got: string[] = [];
    const failure = await (async () => {
      for await (const chunk of broken) got.push(chunk);
    })().catch((e: unknown) => e);
    expect(got).to.deep.equal(['1\n']);
    expect(String(failure)).to.include('streamed an item that does not match its contract: /1 must be number');
  });

  it('sends a heartbeat comment after each silent interval, and keeps the pending item', async () => {
    const slow = (async function* () {
      await tick(70);
      yield { data: 'late' };
    })();
    const { body } = stream(slow, { heartbeat: 20 });
    const all = await chunks(body);
    expect(all.at(-1)).to.equal('data: late\n\n');
    expect(all.slice(0, -1).length).to.be.at.least(2);
    expect(new Set(all.slice(0, -1))).to.deep.equal(new Set([':\n\n']));
  });

  it('return() closes the action’s iterator at once, even while it waits for its next item', async () => {
    let closed = false;
    const source: AsyncIterableIterator<unknown> = {
      [Symbol.asyncIterator]: () => source,
      next: () => new Promise(() => undefined),
      return: async () => {
        closed = true;
        return { done: true, value: undefined };
      },
    };
    const { body } = stream(source, { format: 'jsonl' });
    const waiting = body.next();
    await body.return();
    expect(closed).to.equal(true);
    expect(await waiting).to.deep.equal({ done: true, value: undefined });
    expect(await body.finished).to.deep.equal({ items: 0, ended: 'closed' });
  });

  it('becomes a web ReadableStream pulled as it is read, cancelled with the request', async () => {
    let pulled = 0;
    const counting = (async function* () {
      for (let i = 0; ; i++) {
        pulled++;
        yield { data: i };
      }
    })();
    const { body } = stream(counting);
    const reader = readableStream(body).getReader();
    await reader.read();
    await tick(20);
    // The stream asked for what its queue holds (one chunk ahead), not for the endless rest.
    expect(pulled).to.be.at.most(3);
    await reader.cancel();
    expect((await body.finished).ended).to.equal('closed');
  });
});
