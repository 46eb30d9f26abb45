import type { ActionContext } from 'limis/runtime';
import type {
  ItemsComponent,
  GetItemInput,
  GetItemResult,
  DeleteItemsBySkuInput,
  DeleteItemsBySkuResult,
  AddItemInput,
  AddItemResult,
  GetHistoryInput,
  GetHistoryResult,
  ReserveItemInput,
  ReserveItemResult,
} from '../generated/component.js';

/**
 * The items component of Inventory. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const items: ItemsComponent = {
  async getItem(_input: GetItemInput, _context: ActionContext): Promise<GetItemResult> {
    throw new Error('getItem is not implemented yet');
  },
  async deleteItemsBySku(_input: DeleteItemsBySkuInput, _context: ActionContext): Promise<DeleteItemsBySkuResult> {
    throw new Error('deleteItemsBySku is not implemented yet');
  },
  async addItem(_input: AddItemInput, _context: ActionContext): Promise<AddItemResult> {
    throw new Error('addItem is not implemented yet');
  },
  async getHistory(_input: GetHistoryInput, _context: ActionContext): Promise<GetHistoryResult> {
    throw new Error('getHistory is not implemented yet');
  },
  async reserveItem(_input: ReserveItemInput, _context: ActionContext): Promise<ReserveItemResult> {
    throw new Error('reserveItem is not implemented yet');
  },
};
