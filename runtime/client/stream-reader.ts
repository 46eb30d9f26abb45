import type { JsonCodec } from '../common/media.js';

/**
 * How a generated client reads a streamed response's items. Imported by generated clients from `limis/client/stream`
 * only where a contract streams, so other clients' bundles carry none of it.
 */
export interface StreamReader {
  format: 'sse' | 'jsonl';
  read(body: ReadableStream<Uint8Array>, progress: SseProgress): AsyncIterable<unknown>;
}

/**
 * Server-Sent Events, each item `{ data, event?, id?, retry? }`: `data` read as JSON (with `json`, for
 * `x-limis-bigint` integers), or kept as text where the item schema's `data` is a string (`data: 123` stays "123").
 */
export function sseStream(options: SseOptions = {}): StreamReader {
  return { format: 'sse', read: (body, progress) => sseItems(body, options, progress) };
}

/** JSON Lines (NDJSON): one value per line, read with `json` where JSON.parse will not do. */
export function jsonLinesStream(json?: JsonCodec): StreamReader {
  return { format: 'jsonl', read: (body) => jsonLineItems(body, json) };
}

interface SseOptions {
  data?: 'json' | 'text';
  json?: JsonCodec;
}

/** One Server-Sent Event as a streamed item: the fields it carried. */
export interface SseItem {
  data?: unknown;
  event?: string;
  id?: string;
  retry?: number;
}

/** Where an SSE stream got to, for a reconnect to resume from (`Last-Event-ID`) and wait as long as the server asked. */
export interface SseProgress {
  lastEventId?: string;
  retry?: number;
}

/** The server ended the stream with an error (SSE `event: error` with a limis problem), or a frame could not be read. */
export class StreamError extends Error {
  readonly code: string;
  readonly detail: string;

  constructor(code: string, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'StreamError';
    this.code = code;
    this.detail = detail;
  }
}

/** A response body's text, line by line (`\r\n`, `\r` or `\n`), decoded as it arrives. */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  let pendingCr = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let text = rest + decoder.decode(value, { stream: true });
      // A `\r` at a chunk's end may be the first half of `\r\n`.
      if (pendingCr && text.startsWith('\n')) text = text.slice(1);
      pendingCr = text.endsWith('\r');
      const parts = text.split(/\r\n|\r|\n/);
      rest = parts.pop()!;
      yield* parts;
    }
    if (rest !== '') yield rest;
  } finally {
    // The consumer stopped early (break, abort): the connection is closed rather than drained.
    await reader.cancel().catch(() => undefined);
  }
}

/** The events of a `text/event-stream` body, parsed as the WHATWG EventSource does (comments skipped). */
export async function* sseItems(
  body: ReadableStream<Uint8Array>,
  options: SseOptions = {},
  progress: SseProgress = {},
): AsyncGenerator<SseItem> {
  let data: string[] = [];
  let event: string | undefined;
  let id: string | undefined;
  let retry: number | undefined;
  for await (const line of lines(body)) {
    if (line === '') {
      if (data.length > 0) {
        const item = sseItem(data.join('\n'), event, id, retry, options);
        if (item.event === 'error') refused(item.data);
        yield item;
      }
      data = [];
      event = undefined;
      id = undefined;
      retry = undefined;
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) {
      id = value;
      progress.lastEventId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) {
      retry = Number(value);
      progress.retry = retry;
    }
  }
}

function sseItem(
  text: string,
  event: string | undefined,
  id: string | undefined,
  retry: number | undefined,
  options: SseOptions,
): SseItem {
  let data: unknown = text;
  if (options.data !== 'text') {
    try {
      data = (options.json?.parse ?? JSON.parse)(text);
    } catch {
      throw new StreamError('LIMIS_ERR_INVALID_FRAME', `an event's data is not JSON: ${text.slice(0, 80)}`);
    }
  }
  return {
    data,
    ...(event !== undefined && { event }),
    ...(id !== undefined && { id }),
    ...(retry !== undefined && { retry }),
  };
}

/** An `error` event the server ends a stream with carries a problem (`{ code, detail }`): thrown, not yielded. */
function refused(data: unknown): void {
  const problem = data as { code?: unknown; detail?: unknown } | null;
  if (typeof problem?.code === 'string' && problem.code.startsWith('LIMIS_ERR_'))
    throw new StreamError(problem.code, String(problem.detail ?? ''));
}

/** The values of a JSON Lines body, one per non-empty line. */
export async function* jsonLineItems(body: ReadableStream<Uint8Array>, json?: JsonCodec): AsyncGenerator<unknown> {
  const parse = json?.parse ?? JSON.parse;
  for await (const line of lines(body)) {
    if (line.trim() === '') continue;
    try {
      yield parse(line);
    } catch {
      throw new StreamError('LIMIS_ERR_INVALID_FRAME', `a line is not JSON: ${line.slice(0, 80)}`);
    }
  }
}
