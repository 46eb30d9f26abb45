import { createSearchService } from './generated/routes.js';
import { search } from './components/search.js';

/** Search, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createSearchService({ search });
