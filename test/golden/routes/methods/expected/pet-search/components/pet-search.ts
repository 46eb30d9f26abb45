import type { ActionContext } from 'limis/runtime';
import type {
  PetSearchComponent,
  ListPetsInput,
  ListPetsResult,
  SearchPetsInput,
  SearchPetsResult,
  GetPetInput,
  GetPetResult,
  LinkPetInput,
  LinkPetResult,
} from '../generated/component.js';

/**
 * The Pet search component of Pet search. This file is yours: `limis generate` created it once and
 * never overwrites it. Each method receives validated input and returns what the contract declares.
 */
export const petSearch: PetSearchComponent = {
  async listPets(_input: ListPetsInput, _context: ActionContext): Promise<ListPetsResult> {
    throw new Error('listPets is not implemented yet');
  },
  async searchPets(_input: SearchPetsInput, _context: ActionContext): Promise<SearchPetsResult> {
    throw new Error('searchPets is not implemented yet');
  },
  async getPet(_input: GetPetInput, _context: ActionContext): Promise<GetPetResult> {
    throw new Error('getPet is not implemented yet');
  },
  async linkPet(_input: LinkPetInput, _context: ActionContext): Promise<LinkPetResult> {
    throw new Error('linkPet is not implemented yet');
  },
};
