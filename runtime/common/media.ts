/** How an HTTP body is read and written: parsed JSON, text, or raw bytes. */
export type MediaKind = 'json' | 'text' | 'binary';

/** How a WebSocket message's payload travels: JSON, or a bare string. */
export type PayloadKind = 'json' | 'text';

/** `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Which declared response a status falls under: its own code, its class's range (`2XX`), or `default`. */
export function declaredResponse<T>(responses: Readonly<Record<string, T>>, status: number): T | undefined {
  return responses[String(status)] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses.default;
}

/** What a component action returns, and a client reads back: one member of the action's generated Result union. */
export interface ActionResult {
  status: number;
  body?: unknown;
  /** The items of a streamed response (SSE events, JSON Lines), written as they come. */
  stream?: AsyncIterable<unknown>;
  contentType?: string;
  headers?: Record<string, unknown>;
}

/** How a body's JSON is read and written, where `JSON.parse` and `JSON.stringify` will not do (`bigintJson`). */
export interface JsonCodec {
  parse(text: string): unknown;
  stringify(value: unknown): string;
}
