import { createPetFeedService } from './generated/routes.js';
import { petFeed } from './components/pet-feed.js';

/** Pet feed, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createPetFeedService({ petFeed });
