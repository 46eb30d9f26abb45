import { createOrdersService } from './generated/channels.js';
import { orders } from './components/orders.js';

/** Orders, served by `limis server`. This file is yours: `limis generate` never overwrites it. */
export default createOrdersService({ orders });
