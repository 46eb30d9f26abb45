import { createHash, timingSafeEqual } from 'node:crypto';
import { jwtVerifier } from 'limis/runtime';
import type { PetstoreSecurity } from './generated/component.js';

/** Who is calling: the claims of a verified JWT, or the back-office client an API key belongs to. */
export interface Caller {
  sub?: string;
  /** Space-separated scopes, as in an OAuth 2 access token. */
  scope?: string;
}

export interface PetstoreSecrets {
  /** HS256 secret the store's issuer signs tokens with. */
  jwtSecret: string;
  /** The back-office API key. */
  apiKey: string;
}

/** The verifiers for the contract's two schemes. Secrets come from the caller, never from this file. */
export function createPetstoreSecurity(secrets: PetstoreSecrets): PetstoreSecurity<Caller> {
  const verifyJwt = jwtVerifier<Caller & { [claim: string]: unknown }>({
    secret: secrets.jwtSecret,
    algorithms: ['HS256'],
  });
  return {
    petstoreAuth: (token, context) => verifyJwt(token, context),
    apiKey: (key) => (sameSecret(key, secrets.apiKey) ? { sub: 'back-office', scope: 'pets:write' } : undefined),
  };
}

/** Compares in constant time, so response timing does not reveal how much of a key was right. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
