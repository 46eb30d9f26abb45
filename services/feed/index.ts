import { feed } from './components/feed.js';
import { createFeedService } from './generated/routes.js';

/** feed, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createFeedService({ feed });
