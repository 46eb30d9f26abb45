import type { MessageContext } from 'limis/runtime';
import type { OrdersComponent, PlaceOrderInput, PlaceOrderReply } from '../generated/component.js';

/**
 * The orders component of Orders. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const orders: OrdersComponent = {
  async placeOrder(_input: PlaceOrderInput, _context: MessageContext): Promise<PlaceOrderReply> {
    throw new Error('placeOrder is not implemented yet');
  },
};
