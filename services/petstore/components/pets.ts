import type { ActionContext } from 'limis/runtime';
import type {
  CreatePetInput,
  CreatePetResult,
  DeletePetInput,
  DeletePetResult,
  GetPetInput,
  GetPetResult,
  ListPetsInput,
  ListPetsResult,
  PetsComponent,
  UpdatePetInput,
  UpdatePetResult,
} from '../generated/component.js';
import type { Pet } from '../generated/types.js';
import { PetStore } from '../pet-store.js';

/**
 * The pets component: the CRUD shape of the original limis `Resource` component. It only maps between the
 * contract's inputs/results and the controller (PetStore), which holds the business logic.
 */
export function createPetsComponent(store = new PetStore()): PetsComponent {
  return {
    async listPets(input: ListPetsInput, _context: ActionContext): Promise<ListPetsResult> {
      const { pets, total } = store.list({ limit: input.query.limit, tags: input.query.tag });
      return { status: 200, body: pets, headers: { 'x-total-count': total } };
    },
    async createPet(input: CreatePetInput, _context: ActionContext): Promise<CreatePetResult> {
      return { status: 201, body: store.create(input.body) };
    },
    async getPet(input: GetPetInput, _context: ActionContext): Promise<GetPetResult> {
      const pet = store.get(input.params.petId);
      return pet ? { status: 200, body: pet } : notFound(input.params.petId);
    },
    async updatePet(input: UpdatePetInput, _context: ActionContext): Promise<UpdatePetResult> {
      const pet = store.replace(input.params.petId, input.body);
      return pet ? { status: 200, body: pet } : notFound(input.params.petId);
    },
    async deletePet(input: DeletePetInput, _context: ActionContext): Promise<DeletePetResult> {
      return store.delete(input.params.petId) ? { status: 204 } : notFound(input.params.petId);
    },
  };
}

function notFound(id: Pet['id']): { status: 404; body: { title: string; status: number; detail: string } } {
  return { status: 404, body: { title: 'Not Found', status: 404, detail: `no pet has id ${id}` } };
}

export const pets = createPetsComponent();
