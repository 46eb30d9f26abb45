import { LimisError } from '../errors.js';
import type { SecurityRequirement } from '../handler.js';
import { requestCookies } from '../http/cookies.js';
import { firstValue } from '../http/query.js';

/** A security scheme as the contract declares it, reduced to what finding the credentials needs. */
export type SecurityScheme =
  | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string }
  /** `scheme` lower-cased: `bearer`, `basic`, or another HTTP authentication scheme. */
  | { type: 'http'; scheme: string }
  | { type: 'oauth2' }
  | { type: 'openIdConnect' };

export type { SecurityRequirement };

export interface BasicCredentials {
  username: string;
  password: string;
}

/** What a verifier is told besides the credential. */
export interface VerifierContext {
  service: string;
  /** The scheme's name in the contract. */
  scheme: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Checks one credential: returns the principal it belongs to, or `undefined` (or `null`/`false`) when it is not
 * accepted, which answers 401. Scopes are read from the principal's `scopes` (array), `scope` (space-separated,
 * as in OAuth 2 tokens) or `scp`. A verifier that throws is a server error (500), not a refusal.
 */
export type Verifier<Credential = string, Principal = unknown> = (
  credential: Credential,
  context: VerifierContext,
) => Principal | undefined | null | false | Promise<Principal | undefined | null | false>;

/** Where credentials are looked for: the request's headers and query. */
export interface CredentialSource {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[] | undefined>;
}

/** How one service checks credentials: its schemes and the user's verifier for each. */
export interface Authenticator {
  readonly service: string;
  readonly schemes: Readonly<Record<string, SecurityScheme>>;
  readonly verifiers: Readonly<Record<string, Verifier<never>>>;
}

/** Principals already verified for one caller, by scheme, so a WebSocket connection verifies each scheme once. */
export type VerifiedPrincipals = Map<string, unknown>;

export interface Authorized {
  /** The principal of the first scheme of the alternative that passed; undefined when anonymous access passed. */
  principal: unknown;
}

/**
 * Finds the first alternative of `requirements` the caller satisfies. Fails with 401 (and a `WWW-Authenticate`
 * challenge per scheme) when credentials are missing or refused, or 403 when they are valid but lack scopes.
 */
export async function authorize(
  auth: Authenticator,
  requirements: readonly SecurityRequirement[],
  source: CredentialSource,
  verified: VerifiedPrincipals = new Map(),
): Promise<Authorized> {
  const refused = new Set<string>();
  let shortOf: { scheme: string; scopes: readonly string[] } | undefined;
  // Alternatives with schemes first, so a caller who sends credentials gets a principal even where anonymous access is allowed.
  const anonymous = requirements.some((requirement) => Object.keys(requirement).length === 0);
  for (const requirement of requirements) {
    const schemes = Object.entries(requirement);
    if (schemes.length === 0) continue;
    let principal: unknown;
    let passed = true;
    for (const [name, scopes] of schemes) {
      const result = await verify(auth, name, source, verified);
      if (result === MISSING || result === REFUSED) {
        if (result === REFUSED) refused.add(name);
        passed = false;
        break;
      }
      if (!scopes.every((scope) => scopesOf(result).includes(scope))) {
        shortOf ??= { scheme: name, scopes };
        passed = false;
        break;
      }
      if (principal === undefined) principal = result;
    }
    if (passed) return { principal };
  }
  // Anonymous access does not excuse credentials that were sent and refused.
  if (anonymous && refused.size === 0) return { principal: undefined };
  if (shortOf) {
    throw new LimisError('LIMIS_ERR_FORBIDDEN', `this operation needs the scopes: ${shortOf.scopes.join(' ')}`, {
      headers: {
        'www-authenticate': challenge(
          auth,
          shortOf.scheme,
          `error="insufficient_scope", scope="${shortOf.scopes.join(' ')}"`,
        ),
      },
    });
  }
  const names = [...new Set(requirements.flatMap((requirement) => Object.keys(requirement)))];
  const challenges = names.map((name) =>
    challenge(auth, name, refused.has(name) ? 'error="invalid_token"' : undefined),
  );
  const detail =
    refused.size > 0
      ? 'the credentials were not accepted'
      : `credentials are required: ${names.map((name) => describeScheme(own(auth.schemes, name)!)).join(' or ')}`;
  throw new LimisError('LIMIS_ERR_UNAUTHORIZED', detail, { headers: { 'www-authenticate': challenges.join(', ') } });
}

/** Checks at start-up that every scheme the requirements name has a definition and a verifier. */
export function checkAuthenticator(
  auth: Authenticator,
  requirements: readonly SecurityRequirement[],
  where: string,
): void {
  for (const name of new Set(requirements.flatMap((requirement) => Object.keys(requirement)))) {
    if (!Object.hasOwn(auth.schemes, name))
      throw new TypeError(`service "${auth.service}": ${where} names security scheme "${name}", which is not declared`);
    if (typeof own(auth.verifiers, name) !== 'function') {
      throw new TypeError(
        `service "${auth.service}": no verifier for security scheme "${name}"; pass one as options.security.${name}`,
      );
    }
  }
}

/** The scopes a principal holds: `scopes` (array), `scope` (space-separated string) or `scp` (either). */
export function scopesOf(principal: unknown): readonly string[] {
  if (principal === null || typeof principal !== 'object') return [];
  const { scopes, scope, scp } = principal as { scopes?: unknown; scope?: unknown; scp?: unknown };
  for (const value of [scopes, scope, scp]) {
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
    if (typeof value === 'string') return value.split(' ').filter(Boolean);
  }
  return [];
}

const MISSING = Symbol('missing');
const REFUSED = Symbol('refused');

async function verify(
  auth: Authenticator,
  name: string,
  source: CredentialSource,
  verified: VerifiedPrincipals,
): Promise<unknown> {
  if (verified.has(name)) return verified.get(name);
  const credential = credentialOf(own(auth.schemes, name)!, source);
  if (credential === MISSING || credential === REFUSED) return credential;
  const verifier = own(auth.verifiers, name) as Verifier<unknown>;
  const principal = await verifier(credential, { service: auth.service, scheme: name, headers: source.headers });
  const result = principal === undefined || principal === null || principal === false ? REFUSED : principal;
  verified.set(name, result);
  return result;
}

function credentialOf(scheme: SecurityScheme, source: CredentialSource): unknown {
  if (scheme.type === 'apiKey') {
    const value =
      scheme.in === 'header'
        ? firstValue(source.headers[scheme.name.toLowerCase()])
        : scheme.in === 'query'
          ? firstValue(source.query[scheme.name])
          : requestCookies(source)[scheme.name];
    return value === undefined || value === '' ? MISSING : value;
  }
  const authorization = firstValue(source.headers.authorization);
  if (authorization === undefined) return MISSING;
  const space = authorization.indexOf(' ');
  const given = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
  const wanted = scheme.type === 'http' ? scheme.scheme : 'bearer';
  if (given !== wanted) return MISSING;
  const value = space < 0 ? '' : authorization.slice(space + 1).trim();
  if (value === '') return REFUSED;
  if (wanted !== 'basic') return value;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0
    ? REFUSED
    : ({ username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } satisfies BasicCredentials);
}

function challenge(auth: Authenticator, name: string, error: string | undefined): string {
  const scheme = own(auth.schemes, name)!;
  const realm = `realm="${auth.service}"`;
  const extra = error ? `, ${error}` : '';
  if (scheme.type === 'apiKey')
    return `ApiKey ${realm}, in="${scheme.in}", name="${scheme.name.replace(/["\\]/g, '')}"`;
  if (scheme.type === 'http' && scheme.scheme === 'basic') return `Basic ${realm}, charset="UTF-8"`;
  const token = scheme.type === 'http' ? capitalize(scheme.scheme) : 'Bearer';
  return `${token} ${realm}${extra}`;
}

function describeScheme(scheme: SecurityScheme): string {
  if (scheme.type === 'apiKey') return `the ${scheme.in} ${scheme.name}`;
  if (scheme.type === 'http') return `Authorization: ${capitalize(scheme.scheme)}`;
  return 'Authorization: Bearer';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Scheme names come from contracts: `toString` must not find Object.prototype's. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
