import type { ActionContext } from 'limis/runtime';
import type { SearchComponent, SearchInput, SearchResult } from '../generated/component.js';

/**
 * The search component of Search. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const search: SearchComponent = {
  async search(_input: SearchInput, _context: ActionContext): Promise<SearchResult> {
    throw new Error('search is not implemented yet');
  },
};
