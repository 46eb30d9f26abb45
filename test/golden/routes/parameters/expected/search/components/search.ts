import type { ActionContext } from 'limis/runtime';
import type { SearchComponent, SearchInput, SearchResult, BrowseInput, BrowseResult } from '../generated/component.js';

/**
 * The search component of Search. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const search: SearchComponent = {
  async search(_input: SearchInput, _context: ActionContext): Promise<SearchResult> {
    throw new Error('search is not implemented yet');
  },
  async browse(_input: BrowseInput, _context: ActionContext): Promise<BrowseResult> {
    throw new Error('browse is not implemented yet');
  },
};
