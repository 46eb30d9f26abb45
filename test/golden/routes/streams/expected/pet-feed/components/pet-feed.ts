import type { ActionContext } from 'limis/runtime';
import type {
  PetFeedComponent,
  WatchPetsInput,
  WatchPetsResult,
  ExportPetsInput,
  ExportPetsResult,
  ImportPetsInput,
  ImportPetsResult,
} from '../generated/component.js';

/**
 * The Pet feed component of Pet feed. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const petFeed: PetFeedComponent = {
  async watchPets(_input: WatchPetsInput, _context: ActionContext): Promise<WatchPetsResult> {
    throw new Error('watchPets is not implemented yet');
  },
  async exportPets(_input: ExportPetsInput, _context: ActionContext): Promise<ExportPetsResult> {
    throw new Error('exportPets is not implemented yet');
  },
  async importPets(_input: ImportPetsInput, _context: ActionContext): Promise<ImportPetsResult> {
    throw new Error('importPets is not implemented yet');
  },
};
