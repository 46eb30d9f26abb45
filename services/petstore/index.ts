import { pets } from './components/pets.js';
import { createPetstoreService } from './generated/routes.js';
import { createPetstoreSecurity } from './security.js';

if (process.env.NODE_ENV === 'production' && (!process.env.PETSTORE_JWT_SECRET || !process.env.PETSTORE_API_KEY)) {
  throw new Error('petstore: set PETSTORE_JWT_SECRET and PETSTORE_API_KEY in production');
}

/**
 * Petstore, served by `limis server`. This file is yours: `limis generate` never overwrites it. The fallback
 * secrets are for trying the example locally only.
 */
export default createPetstoreService(
  { pets },
  {
    security: createPetstoreSecurity({
      jwtSecret: process.env.PETSTORE_JWT_SECRET ?? 'petstore-development-secret-change-me',
      apiKey: process.env.PETSTORE_API_KEY ?? 'petstore-development-key',
    }),
  },
);
