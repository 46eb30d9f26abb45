import { LimisError } from '../errors.js';
import type { ActionContext, SecurityRequirement } from '../handler.js';
import type { Service } from '../service.js';
import type { MessageContext } from '../ws/channel.js';
import { authorize, type CredentialSource, type VerifiedPrincipals } from './authorize.js';
import type { Interceptor, InterceptorContext } from './compose.js';

/** An HTTP operation's `security`: the caller's principal, or 401/403 before anything else reads the request. */
export function requestAuthorization(
  requirements: readonly SecurityRequirement[] | undefined,
  service: Service,
): Interceptor[] {
  if (!requirements || requirements.length === 0) return [];
  return [
    async (ctx, next) => {
      const http = ctx as InterceptorContext & ActionContext;
      http.principal = (await authorize(service.authenticator, requirements, http.request)).principal;
      await next();
    },
  ];
}

/** What a WebSocket connection presented at the upgrade, kept to check each message's own requirements against. */
export interface ConnectionAuth {
  source: CredentialSource;
  verified: VerifiedPrincipals;
  principal: unknown;
}

/**
 * A WebSocket message's checks: the credentials its connection presented have not expired, and meet the
 * operation's own `security` (a scope the channel did not require). A failure is an error frame; an expired
 * credential also closes the socket.
 */
export function messageAuthorization(
  requirements: readonly SecurityRequirement[] | undefined,
  service: Service,
  authOf: (ctx: MessageContext) => ConnectionAuth | undefined,
): Interceptor[] {
  const required = requirements ?? [];
  return [
    async (ctx, next) => {
      const message = ctx as InterceptorContext & MessageContext;
      const auth = authOf(message);
      if (auth && isExpired(auth.principal))
        throw new LimisError(
          'LIMIS_ERR_UNAUTHORIZED',
          'the credentials this connection presented have expired; reconnect with fresh ones',
        );
      if (auth && required.length > 0)
        message.principal =
          (await authorize(service.authenticator, required, auth.source, auth.verified)).principal ?? auth.principal;
      await next();
    },
  ];
}

/** A principal carrying a JWT-style `exp` (seconds since the epoch) that has passed. */
function isExpired(principal: unknown): boolean {
  const exp = principal !== null && typeof principal === 'object' ? (principal as { exp?: unknown }).exp : undefined;
  return typeof exp === 'number' && exp * 1000 <= Date.now();
}
