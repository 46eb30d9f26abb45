import type { RuntimeResponse } from '../handler.js';

export interface HealthPaths {
  /** Answers 200 while the process can answer at all. Default `/healthz`. */
  live: string;
  /** Answers 200 once every service is started, 503 before and while stopping. Default `/readyz`. */
  ready: string;
}

export type Readiness = 'ready' | 'starting' | 'draining';

/**
 * The liveness and readiness probes, answered before any adapter, routing or interceptor: outside the context root,
 * the same on every adapter, and never logged, so an orchestrator polling every second leaves no trace. Undefined for
 * any other path, and for every path when the probes are turned off (`false`).
 */
export function healthProbe(
  given: Partial<HealthPaths> | false | undefined,
  readiness: () => Readiness,
): (method: string, path: string) => RuntimeResponse | undefined {
  if (given === false) return () => undefined;
  const paths: HealthPaths = { live: given?.live ?? '/healthz', ready: given?.ready ?? '/readyz' };
  return (method, path) => {
    if (path !== paths.live && path !== paths.ready) return undefined;
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { allow: 'GET, HEAD' } };
    const status = path === paths.live ? 'ok' : readiness();
    const answer: RuntimeResponse = {
      status: status === 'ok' || status === 'ready' ? 200 : 503,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({ status }),
    };
    return answer;
  };
}
