import { expect } from 'chai';
import { jsonLineItems, type SseProgress, StreamError, sseItems } from '../../../runtime/client/stream-reader.js';

/** A body that arrives in exactly these chunks, so line breaks can fall between them. */
function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const got: T[] = [];
  for await (const item of items) got.push(item);
  return got;
}

describe('stream readers (runtime/client/stream-reader)', () => {
  it('parses SSE as EventSource does: fields, comments, multi-line data, CRLF split between chunks', async () => {
    const progress: SseProgress = {};
    const events = await all(
      sseItems(
        body(
          ': hello\r',
          '\nevent: note\r\nid: 7\nretry: 1500\ndata: {"a":',
          '\ndata: 1}\r',
          '\n\r\n',
          'data:2\n\nid: 8\n\n',
        ),
        {},
        progress,
      ),
    );
    // An event with no data is not dispatched, but its id still counts for a resume.
    expect(events).to.deep.equal([{ data: { a: 1 }, event: 'note', id: '7', retry: 1500 }, { data: 2 }]);
    expect(progress).to.deep.equal({ lastEventId: '8', retry: 1500 });
  });

  it('keeps data as text where the item schema says so, and ignores an id with a NUL', async () => {
    const progress: SseProgress = {};
    const events = await all(sseItems(body('id: a\0b\ndata: 123\n\n'), { data: 'text' }, progress));
    expect(events).to.deep.equal([{ data: '123' }]);
    expect(progress.lastEventId).to.equal(undefined);
  });

  it('throws the server’s error event, and data that is not JSON, as StreamErrors', async () => {
    const refused = await all(
      sseItems(body('data: 1\n\nevent: error\ndata: {"code":"LIMIS_ERR_INVALID_RESPONSE","detail":"bad item"}\n\n')),
    ).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(StreamError);
    expect(refused).to.include({ code: 'LIMIS_ERR_INVALID_RESPONSE', detail: 'bad item' });
    const garbled = await all(sseItems(body('data: {oops\n\n'))).catch((e: unknown) => e);
    expect((garbled as StreamError).code).to.equal('LIMIS_ERR_INVALID_FRAME');
  });

  it('reads JSON Lines, skipping blank lines, the last one without its newline', async () => {
    expect(await all(jsonLineItems(body('{"a":1}\n\n[2', ',3]\r\n"x"')))).to.deep.equal([{ a: 1 }, [2, 3], 'x']);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new TextEncoder().encode('1\n')),
      cancel: () => {
        cancelled = true;
      },
    });
    for await (const _ of jsonLineItems(endless)) break;
    expect(cancelled).to.equal(true);
  });
});
