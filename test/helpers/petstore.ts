import { SignJWT } from 'jose';
import type { Service } from 'limis/runtime';
import { createPetsComponent } from '../../services/petstore/components/pets.js';
import { createPetstoreService, type PetstoreServiceOptions } from '../../services/petstore/generated/routes.js';
import { type Caller, createPetstoreSecurity } from '../../services/petstore/security.js';

export const petstoreSecrets = { jwtSecret: 'test-secret-for-the-petstore-suite', apiKey: 'test-api-key' };

/** The petstore example with a fresh store and the test secrets. */
export function petstoreService(options: Omit<PetstoreServiceOptions<Caller>, 'security'> = {}): Service {
  return createPetstoreService(
    { pets: createPetsComponent() },
    { ...options, security: createPetstoreSecurity(petstoreSecrets) },
  );
}

/** A token as the store's issuer would sign it; `secret` to forge one. */
export async function petstoreToken(
  scope: string,
  options: { secret?: string; expiresIn?: string } = {},
): Promise<string> {
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('tester')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? petstoreSecrets.jwtSecret));
}

/** Headers a client with the pets:write and pets:admin scopes sends. */
export async function adminHeaders(): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await petstoreToken('pets:write pets:admin')}` };
}
