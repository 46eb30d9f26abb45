import { LimisError } from '../errors.js';
import type { StreamBody, StreamFormat, StreamSummary } from '../handler.js';
import { describeIssues, type Validator } from '../validator.js';

export interface ResponseStreamOptions {
  format: StreamFormat;
  /** Checks each item; an invalid one ends the stream (SSE: with an `error` event) and is reported. */
  validate?: Validator;
  /** SSE: a comment line after this many ms without an event, so proxies and clients keep the connection. */
  heartbeat?: number;
  /** Writes one JSONL item, where JSON.stringify will not do (`x-limis-bigint`). */
  stringify?: (value: unknown) => string;
  /** Told of an item that cannot be sent, or of the action's iterator failing. */
  onError(error: unknown): void;
  operationId: string;
}

const HEARTBEAT = Symbol('heartbeat');
const CLOSED = Symbol('closed');

/**
 * An action's `stream` as the text an adapter writes, one chunk per item — Server-Sent Events framing or one JSON
 * value per line. Pull-based: the action's iterator is asked for the next item only when the adapter asks for the
 * next chunk, that is when the socket has room, so nothing is buffered beyond what the transport holds. `return()`
 * (the client went away) calls the action's `return()` at once, so its `finally` runs.
 */
export class ResponseStream implements StreamBody {
  readonly finished: Promise<StreamSummary>;
  private readonly iterator: AsyncIterator<unknown>;
  private pending: Promise<IteratorResult<unknown>> | undefined;
  private items = 0;
  private done = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly closed: Promise<typeof CLOSED>;
  private close!: () => void;
  private settle!: (summary: StreamSummary) => void;

  constructor(
    source: AsyncIterable<unknown>,
    private readonly options: ResponseStreamOptions,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
    this.finished = new Promise((resolve) => {
      this.settle = resolve;
    });
    this.closed = new Promise((resolve) => {
      this.close = () => resolve(CLOSED);
    });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<string>> {
    if (this.done) return { done: true, value: undefined };
    let result: IteratorResult<unknown> | typeof HEARTBEAT | typeof CLOSED;
    try {
      if (!this.pending) {
        this.pending = this.iterator.next();
        // Closed while waiting, nobody awaits it any more: its failure must not become an unhandled rejection.
        this.pending.catch(() => undefined);
      }
      result = await this.waitFor(this.pending);
    } catch (error) {
      this.options.onError(error);
      return this.fail(error, 'the stream failed');
    }
    if (this.done || result === CLOSED) return { done: true, value: undefined };
    if (result === HEARTBEAT) return { done: false, value: ':\n\n' };
    this.pending = undefined;
    if (result.done) return this.end();
    const item = result.value;
    const invalid = this.check(item);
    if (invalid) {
      this.options.onError(invalid);
      this.closeSource();
      return this.fail(invalid, invalid.message);
    }
    this.items++;
    return { done: false, value: this.encode(item) };
  }

  /** The client went away, or the adapter stopped: the action's iterator is closed now, not at its next item. */
  async return(): Promise<IteratorResult<string>> {
    if (!this.done) {
      this.finish();
      this.closeSource();
      this.settle({ items: this.items, ended: 'closed' });
    }
    return { done: true, value: undefined };
  }

  /** The next item, a heartbeat's turn (SSE), or the stream closed meanwhile: whichever comes first. */
  private waitFor(
    pending: Promise<IteratorResult<unknown>>,
  ): Promise<IteratorResult<unknown> | typeof HEARTBEAT | typeof CLOSED> {
    const { format, heartbeat } = this.options;
    if (format !== 'sse' || !heartbeat) return Promise.race([pending, this.closed]);
    const tick = new Promise<typeof HEARTBEAT>((resolve) => {
      this.timer = setTimeout(resolve, heartbeat, HEARTBEAT);
    });
    return Promise.race([pending, this.closed, tick]).finally(() => clearTimeout(this.timer));
  }

  /** Asks the action's iterator to stop; not awaited: a generator waiting for its next event answers only then. */
  private closeSource(): void {
    try {
      void Promise.resolve(this.iterator.return?.()).catch(() => undefined);
    } catch {
      // An iterator whose return() throws has nothing left to clean up.
    }
  }

  private check(item: unknown): LimisError | undefined {
    const { validate, operationId, format } = this.options;
    if (format === 'sse') {
      const fault = sseFault(item);
      if (fault)
        return new LimisError('LIMIS_ERR_INVALID_RESPONSE', `action ${operationId} streamed an event that ${fault}`);
    }
    if (validate && !validate(item))
      return new LimisError(
        'LIMIS_ERR_INVALID_RESPONSE',
        `action ${operationId} streamed an item that does not match its contract: ${describeIssues(validate, `/${this.items}`)}`,
      );
    return undefined;
  }

  private encode(item: unknown): string {
    if (this.options.format === 'jsonl') return `${(this.options.stringify ?? JSON.stringify)(item)}\n`;
    return sseEvent(item as SseEvent);
  }

  private end(): IteratorResult<string> {
    this.finish();
    this.settle({ items: this.items, ended: 'complete' });
    return { done: true, value: undefined };
  }

  /** SSE ends with an `error` event a client can read; JSONL has no such frame, so the transport is broken off. */
  private fail(error: unknown, detail: string): IteratorResult<string> {
    this.finish();
    this.settle({ items: this.items, ended: 'failed', error });
    if (this.options.format === 'jsonl') throw error;
    const code = error instanceof LimisError ? error.code : 'LIMIS_ERR_INTERNAL';
    const shown = error instanceof LimisError ? detail : 'the stream failed';
    return { done: false, value: sseEvent({ event: 'error', data: JSON.stringify({ code, detail: shown }) }) };
  }

  private finish(): void {
    this.done = true;
    clearTimeout(this.timer);
    this.close();
  }
}

interface SseEvent {
  data?: unknown;
  event?: unknown;
  id?: unknown;
  retry?: unknown;
}

/** Why an item cannot be an SSE event: a field that would break the framing (a line break in `event` or `id`). */
function sseFault(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return 'is not an object';
  const { event, id, retry } = item as SseEvent;
  for (const [name, value] of [
    ['event', event],
    ['id', id],
  ] as const)
    if (value !== undefined && (typeof value !== 'string' || /[\r\n\0]/.test(value)))
      return `has an ${name} that is not a one-line string`;
  if (retry !== undefined && !(Number.isInteger(retry) && (retry as number) >= 0))
    return 'has a retry that is not a whole number of milliseconds';
  return undefined;
}

/** One event: `event:`, `id:`, `retry:` lines, then the data (JSON unless a string), one `data:` line per line. */
function sseEvent(item: SseEvent): string {
  let text = '';
  if (item.event !== undefined) text += `event: ${item.event}\n`;
  if (item.id !== undefined) text += `id: ${item.id}\n`;
  if (item.retry !== undefined) text += `retry: ${item.retry}\n`;
  if (item.data !== undefined) {
    const data = typeof item.data === 'string' ? item.data : JSON.stringify(item.data);
    for (const line of data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  }
  return `${text}\n`;
}

/** A stream body as a web ReadableStream (the fetch adapter): pulled as the consumer reads, cancelled with the request. */
export function readableStream(body: StreamBody): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await body.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await body.return?.();
    },
  });
}
