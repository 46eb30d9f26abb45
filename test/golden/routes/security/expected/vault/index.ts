import { createVaultService } from './generated/routes.js';
import type { VaultSecurity } from './generated/component.js';
import { status } from './components/status.js';
import { secrets } from './components/secrets.js';

/**
 * How the credentials of each security scheme are checked: return the principal a credential belongs to, or
 * undefined to refuse it (401). Until you write them they refuse everything. `jwtVerifier` from limis/runtime
 * checks JSON Web Tokens.
 */
const security: VaultSecurity = {
  bearer: (_token) => undefined,
  basic: (_credentials) => undefined,
  apiKeyHeader: (_key) => undefined,
  apiKeyQuery: (_key) => undefined,
  apiKeyCookie: (_key) => undefined,
  oauth: (_token) => undefined,
  oidc: (_token) => undefined,
};

/** Vault, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createVaultService({ status, secrets }, { security });
