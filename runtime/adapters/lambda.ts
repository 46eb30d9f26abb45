import { STATUS_CODES } from 'node:http';
import type { Service } from '../service.js';
import { createFetchHandler, type FetchHandlerOptions } from './fetch.js';

/** API Gateway HTTP API (payload 2.0). */
export interface HttpApiEvent {
  version: '2.0';
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Record<string, string | undefined>;
  requestContext: { http: { method: string }; domainName?: string };
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** API Gateway REST API (payload 1.0), or an Application Load Balancer target group (`requestContext.elb`). */
export interface RestApiEvent {
  version?: '1.0';
  httpMethod: string;
  path: string;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  requestContext?: { elb?: { targetGroupArn: string }; domainName?: string };
  body?: string | null;
  isBase64Encoded?: boolean;
}

export type LambdaEvent = HttpApiEvent | RestApiEvent;

export interface LambdaResult {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/**
 * The AWS Lambda adapter, for API Gateway HTTP APIs (payload 2.0), REST APIs (1.0) and Application Load Balancers:
 * each event becomes a `Request` for the fetch adapter, and its `Response` the result shape the event's source
 * expects (cookies apart in 2.0, multi-value headers where the request had them, bodies base64 unless text).
 */
export function createLambdaHandler(
  services: readonly Service[],
  options: FetchHandlerOptions = {},
): (event: LambdaEvent) => Promise<LambdaResult> {
  const handle = createFetchHandler(services, options);
  return async (event) => {
    const response = await handle(toRequest(event));
    return fromResponse(event, response);
  };
}

function toRequest(event: LambdaEvent): Request {
  const host = event.requestContext?.domainName ?? 'lambda.invalid';
  const body = event.body == null ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body;
  const headers = new Headers();
  let method: string;
  let target: string;
  if ('rawPath' in event) {
    method = event.requestContext.http.method;
    target = event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : '');
    for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
    if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  } else {
    method = event.httpMethod;
    target = event.path + restQuery(event);
    if (event.multiValueHeaders) {
      for (const [name, values] of Object.entries(event.multiValueHeaders))
        for (const value of values ?? []) headers.append(name, value);
    } else {
      for (const [name, value] of Object.entries(event.headers ?? {}))
        if (value !== undefined) headers.set(name, value);
    }
  }
  const init: RequestInit = { method, headers };
  if (body !== undefined && method !== 'GET' && method !== 'HEAD') init.body = body;
  return new Request(`https://${host}${target}`, init);
}

/** API Gateway REST APIs pass query values decoded; a load balancer passes them as the client sent them. */
function restQuery(event: RestApiEvent): string {
  const raw = Boolean(event.requestContext?.elb);
  const encode = (text: string) => (raw ? text : encodeURIComponent(text));
  const pairs: string[] = [];
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    for (const [name, values] of Object.entries(multi))
      for (const value of values ?? []) pairs.push(`${encode(name)}=${encode(value)}`);
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {}))
      if (value !== undefined) pairs.push(`${encode(name)}=${encode(value)}`);
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

async function fromResponse(event: LambdaEvent, response: Response): Promise<LambdaResult> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  const text =
    bytes.byteLength === 0 || /^(text\/|application\/([\w.+-]*\+)?(json|jsonl|x-ndjson|xml|javascript)\b)/i.test(type);
  const body = text ? new TextDecoder().decode(bytes) : Buffer.from(bytes).toString('base64');
  const cookies = response.headers.getSetCookie();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const result: LambdaResult = { statusCode: response.status, body, isBase64Encoded: !text };
  if ('rawPath' in event) return { ...result, headers, ...(cookies.length > 0 ? { cookies } : {}) };
  if (event.requestContext?.elb)
    result.statusDescription = `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim();
  if (event.multiValueHeaders) {
    const multi = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
    return { ...result, multiValueHeaders: cookies.length > 0 ? { ...multi, 'set-cookie': cookies } : multi };
  }
  // Single-value headers carry one Set-Cookie at most; a REST API response would need multiValueHeaders for more.
  return { ...result, headers: cookies.length > 0 ? { ...headers, 'set-cookie': cookies[0]! } : headers };
}
