import { createBoardService } from './generated/routes.js';
import { cards } from './components/cards.js';

/** Board, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createBoardService({ cards });
