import type { ActionContext } from 'limis/runtime';
import type {
  LedgerComponent,
  GetAccountInput,
  GetAccountResult,
  TransferInput,
  TransferResult,
  GetCounterInput,
  GetCounterResult,
} from '../generated/component.js';

/**
 * The Ledger component of Ledger. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const ledger: LedgerComponent = {
  async getAccount(_input: GetAccountInput, _context: ActionContext): Promise<GetAccountResult> {
    throw new Error('getAccount is not implemented yet');
  },
  async transfer(_input: TransferInput, _context: ActionContext): Promise<TransferResult> {
    throw new Error('transfer is not implemented yet');
  },
  async getCounter(_input: GetCounterInput, _context: ActionContext): Promise<GetCounterResult> {
    throw new Error('getCounter is not implemented yet');
  },
};
