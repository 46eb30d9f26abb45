import { createPetstoreService } from './generated/routes.js';
import { pets } from './components/pets.js';

/** Petstore, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createPetstoreService({ pets });
