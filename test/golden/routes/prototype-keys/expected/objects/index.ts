import { createObjectsService } from './generated/routes.js';
import { objects } from './components/objects.js';

/** Objects, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createObjectsService({ objects });
