import { createInventoryService } from './generated/routes.js';
import { items } from './components/items.js';
import { inventory } from './components/inventory.js';

/** Inventory, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createInventoryService({ items, inventory });
