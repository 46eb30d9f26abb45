import { parse } from 'cookie';
import type { RuntimeRequest } from './handler.js';

/** The request's cookies by name, for handlers that declare cookie parameters. */
export function requestCookies(request: RuntimeRequest): Record<string, string | undefined> {
  const header = request.headers.cookie;
  return parse(Array.isArray(header) ? header.join('; ') : (header ?? ''));
}
