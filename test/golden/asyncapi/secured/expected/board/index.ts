import { createBoardService } from './generated/channels.js';
import type { BoardSecurity } from './generated/component.js';
import { notices } from './components/notices.js';

/**
 * How the credentials of each security scheme are checked: return the principal a credential belongs to, or
 * undefined to refuse it (401). Until you write them they refuse everything. `jwtVerifier` from limis/runtime
 * checks JSON Web Tokens.
 */
const security: BoardSecurity = {
  token: (_token) => undefined,
  admin: (_token) => undefined,
  key: (_key) => undefined,
};

/** Board, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createBoardService({ notices }, { security });
