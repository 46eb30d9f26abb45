import type { PayloadKind } from '../common/media.js';
import type { ValidationIssue } from '../common/validation-issue.js';

/**
 * The WebSocket wire format, written once for the server and the client. A channel that carries one message each
 * way, none with headers, sends bare payloads (`raw`: text frames for string payloads, JSON otherwise); any other
 * wraps each message as `{ "message": name, "headers"?: {…}, "payload": … }` (`envelope`), `headers` present when
 * the message declares them. A message that cannot be served is answered with an error frame,
 * `{ "error": { code, detail, errors? }, "correlationId"? }`, on every channel.
 */
export type FrameStyle = 'raw' | 'envelope';

export interface ErrorFrame {
  error: { code: string; detail: string; errors?: ValidationIssue[] };
  correlationId?: unknown;
}

/**
 * A message as its correlation id's pointer reads it: AsyncAPI's `$message.payload#/id` is `/payload/id`,
 * `$message.header#/id` is `/headers/id`. `headers` is there when the message declares them.
 */
export interface WireMessage {
  headers?: Record<string, unknown>;
  payload: unknown;
}

export function encodeFrame(
  frames: FrameStyle,
  kind: PayloadKind | undefined,
  message: string,
  payload: unknown,
  headers?: Record<string, unknown>,
): string {
  if (frames === 'envelope')
    return JSON.stringify(headers === undefined ? { message, payload } : { message, headers, payload });
  return kind === 'text' ? String(payload) : JSON.stringify(payload);
}

export function encodeErrorFrame(error: ErrorFrame['error'], correlationId?: unknown): string {
  const frame: ErrorFrame = {
    error: { code: error.code, detail: error.detail, ...(error.errors ? { errors: error.errors } : {}) },
  };
  if (correlationId !== undefined) frame.correlationId = correlationId;
  return JSON.stringify(frame);
}

/** The envelope's message name, headers (as sent: checked by the receiver) and payload; undefined when `value` is not an envelope. */
export function readEnvelope(value: unknown): { message: string; headers: unknown; payload: unknown } | undefined {
  if (value === null || typeof value !== 'object' || typeof (value as { message?: unknown }).message !== 'string')
    return undefined;
  const { message, headers, payload } = value as { message: string; headers?: unknown; payload?: unknown };
  return { message, headers, payload };
}

/** An error frame, or undefined for any other text (checked by prefix first: most frames are not errors). */
export function readErrorFrame(text: string): ErrorFrame | undefined {
  if (!text.startsWith('{"error":')) return undefined;
  try {
    const frame = JSON.parse(text) as Partial<ErrorFrame> | null;
    return frame && typeof frame.error === 'object' && frame.error !== null && typeof frame.error.code === 'string'
      ? (frame as ErrorFrame)
      : undefined;
  } catch {
    return undefined;
  }
}
