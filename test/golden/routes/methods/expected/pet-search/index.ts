import { createPetSearchService } from './generated/routes.js';
import { petSearch } from './components/pet-search.js';

/** Pet search, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createPetSearchService({ petSearch });
