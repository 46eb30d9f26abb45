import {
  createRemoteJWKSet,
  decodeJwt,
  errors,
  importJWK,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { Verifier } from './authorize.js';

export interface JwtVerifierOptions {
  /** A shared secret for HS256/384/512. */
  secret?: string | Uint8Array;
  /** A public key as a JWK, for RS*, PS*, ES* and EdDSA tokens. */
  jwk?: JWK;
  /** A JWKS endpoint (an OpenID provider's `jwks_uri`); keys are fetched on demand and cached by jose. */
  jwksUrl?: string | URL;
  issuer?: string | string[];
  audience?: string | string[];
  /** Accepted `alg` values; jose otherwise accepts any the key allows. */
  algorithms?: string[];
  /** Seconds of clock skew tolerated on `exp` and `nbf`. */
  clockTolerance?: number;
}

/**
 * A bearer verifier for JSON Web Tokens, with jose: the token's claims become the principal (so an OAuth 2 `scope`
 * claim feeds the scope check). A token that is malformed, badly signed, expired or for another issuer or audience is
 * refused (401); a key that cannot be fetched is a server error.
 */
export function jwtVerifier<Claims extends JWTPayload = JWTPayload>(
  options: JwtVerifierOptions,
): Verifier<string, Claims> {
  const sources = [options.secret, options.jwk, options.jwksUrl].filter((source) => source !== undefined);
  if (sources.length !== 1) throw new TypeError('jwtVerifier: give exactly one of secret, jwk or jwksUrl');
  let key: Promise<Uint8Array | CryptoKey | JWTVerifyGetKey>;
  if (options.secret !== undefined)
    key = Promise.resolve(
      typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret,
    );
  else if (options.jwk !== undefined) key = importJWK(options.jwk) as Promise<CryptoKey | Uint8Array>;
  else key = Promise.resolve(createRemoteJWKSet(new URL(options.jwksUrl!)));
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: options.algorithms,
    clockTolerance: options.clockTolerance,
  };
  return async (token) => {
    try {
      const resolved = await key;
      const { payload } =
        typeof resolved === 'function'
          ? await jwtVerify(token, resolved, verifyOptions)
          : await jwtVerify(token, resolved, verifyOptions);
      return payload as Claims;
    } catch (error) {
      if (
        error instanceof errors.JOSEError &&
        !(error instanceof errors.JWKSTimeout) &&
        error.code !== 'ERR_JOSE_GENERIC'
      )
        return undefined;
      throw error;
    }
  };
}

/**
 * A bearer verifier for services that trust the gateway (`limis gateway --jwt-key`), which verified the token's
 * signature, algorithm, expiry and issuer before forwarding it: the claims are read, not verified again, and only
 * the expiry is checked here. Use it only where the instances cannot be reached except through the gateway; the
 * default, `jwtVerifier`, verifies at both (defence in depth).
 */
export function gatewayTrustedJwt<Claims extends JWTPayload = JWTPayload>(
  options: { clockTolerance?: number } = {},
): Verifier<string, Claims> {
  const tolerance = options.clockTolerance ?? 0;
  return (token) => {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      return undefined;
    }
    if (typeof claims.exp === 'number' && claims.exp + tolerance < Date.now() / 1000) return undefined;
    return claims as Claims;
  };
}
