import type { RequestListener, ServerResponse } from 'node:http';
import { isStreamBody, type RuntimeResponse, requestForReport } from '../handler.js';
import { readRequestBody, streamRequestBody } from '../http/body.js';
import { writeStream } from '../http/write-stream.js';
import type { Service } from '../service.js';
import { compileDispatch, type DispatchOptions, problemResponse } from './dispatch.js';

export type NodeAdapterOptions = DispatchOptions;

/**
 * The lean adapter: the same generated handlers and interceptors as on Koa, mounted on plain `node:http` with a
 * router compiled once. No middleware stack, no per-request context object beyond the runtime request.
 */
export function createNodeListener(services: readonly Service[], options: NodeAdapterOptions): RequestListener {
  const dispatch = compileDispatch(services, options);
  return (request, response) => {
    const method = request.method ?? 'GET';
    dispatch({
      method,
      target: request.url,
      headers: request.headers,
      readBody: (limit) => readRequestBody(request, limit),
      streamBody: (limit) => streamRequestBody(request, limit),
    }).then(
      (result) => {
        try {
          write(response, result, method === 'HEAD');
        } catch (error) {
          // node:http refused what was to be written (a header the checks missed): answer 500 if it still can.
          options.onError(error, requestForReport(method, request.url ?? '', request.headers));
          if (!response.headersSent) write(response, problemResponse(error), false);
          else response.destroy();
        }
      },
      () => response.destroy(),
    );
  };
}

function write(response: ServerResponse, result: RuntimeResponse, head: boolean): void {
  // A string body stays a string: node:http then sends headers and body in one write instead of a writev of two.
  const body = result.body;
  if (isStreamBody(body)) {
    writeStream(response, result.status, result.headers, body, head);
    return;
  }
  const headers: Record<string, string | number> = result.headers;
  if (body !== undefined && result.status !== 204 && result.status !== 304)
    headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  response.writeHead(result.status, headers);
  response.end(head || result.status === 204 || result.status === 304 ? undefined : body);
}
