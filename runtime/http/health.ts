import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HealthPaths {
  /** Answers 200 while the process can answer at all. Default `/healthz`. */
  live: string;
  /** Answers 200 once every service is started, 503 before and while stopping. Default `/readyz`. */
  ready: string;
}

/**
 * The liveness and readiness probes, answered before any adapter, routing or interceptor: outside the context root,
 * the same on Koa and node, and never logged, so an orchestrator polling every second leaves no trace.
 */
export function healthProbe(
  paths: HealthPaths,
  readiness: () => 'ready' | 'starting' | 'draining',
): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const url = request.url ?? '';
    const path = url.includes('?') ? url.slice(0, url.indexOf('?')) : url;
    if (path !== paths.live && path !== paths.ready) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 }).end();
      return true;
    }
    const status = path === paths.live ? 'ok' : readiness();
    const body = JSON.stringify({ status });
    response.writeHead(status === 'ok' || status === 'ready' ? 200 : 503, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(body),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  };
}
