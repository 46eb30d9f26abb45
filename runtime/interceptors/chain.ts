import { interceptorsOf, type Service } from '../service.js';
import { composeInterceptors, type Interceptor, type InterceptorContext } from './compose.js';

export interface ChainParts {
  /** The runtime's own interceptors (logging goes here), outermost. */
  runtime: readonly Interceptor[];
  /** The built-in checks the contract asks for, in order: authorization, validation, caching. */
  checks: readonly Interceptor[];
  service: Service;
  component: string;
  action: string;
}

/**
 * The one chain every action runs in, HTTP request or WebSocket message alike: the runtime's interceptors, the
 * contract's checks, then the service's, the component's and the action's own; the action innermost.
 */
export function actionChain(
  parts: ChainParts,
  action: (ctx: InterceptorContext) => Promise<void>,
): (ctx: InterceptorContext) => Promise<void> {
  return composeInterceptors(
    [...parts.runtime, ...parts.checks, ...interceptorsOf(parts.service, parts.component, parts.action)],
    action,
  );
}
