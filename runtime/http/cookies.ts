import { parse } from 'cookie';
import type { RuntimeRequest } from '../handler.js';

/** The request's cookies by name, for cookie parameters and API keys sent as cookies. */
export function requestCookies(request: Pick<RuntimeRequest, 'headers'>): Record<string, string | undefined> {
  const header = request.headers.cookie;
  return parse(Array.isArray(header) ? header.join('; ') : (header ?? ''));
}
