import type { LambdaEvent, LambdaResult } from 'limis/runtime';

/** A fetch that goes through a Lambda handler: the request as an API Gateway HTTP API (2.0) event, the result back as a Response. */
export function lambdaFetch(
  handle: (event: LambdaEvent) => Promise<LambdaResult>,
): (url: string, init?: RequestInit) => Promise<Response> {
  return async (url, init = {}) => {
    const target = new URL(url);
    const body =
      init.body === undefined || init.body === null ? undefined : Buffer.from(init.body as string | Uint8Array);
    const result = await handle({
      version: '2.0',
      rawPath: target.pathname,
      rawQueryString: target.search.slice(1),
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      requestContext: { http: { method: init.method ?? 'GET' }, domainName: target.host },
      body: body?.toString('base64'),
      isBase64Encoded: true,
    });
    const empty = result.statusCode === 204 || result.statusCode === 304 || init.method === 'HEAD';
    const bytes = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    return new Response(empty ? null : bytes, { status: result.statusCode, headers: result.headers });
  };
}
