import type { NewPet, Pet } from './generated/types.js';

/** The petstore's controller: an in-memory store, where a real service would talk to its database. */
export class PetStore {
  private readonly pets = new Map<number, Pet>();
  private nextId = 1;

  list(filter: { limit: number; tags?: string[] }): { pets: Pet[]; total: number } {
    const matching = [...this.pets.values()].filter(
      (pet) => !filter.tags || (pet.tag != null && filter.tags.includes(pet.tag)),
    );
    return { pets: matching.slice(0, filter.limit), total: matching.length };
  }

  create(pet: NewPet): Pet {
    const stored: Pet = { status: 'available', ...pet, id: this.nextId++ };
    this.pets.set(stored.id, stored);
    return stored;
  }

  get(id: number): Pet | undefined {
    return this.pets.get(id);
  }

  replace(id: number, pet: NewPet): Pet | undefined {
    if (!this.pets.has(id)) return undefined;
    const stored: Pet = { status: 'available', ...pet, id };
    this.pets.set(id, stored);
    return stored;
  }

  delete(id: number): boolean {
    return this.pets.delete(id);
  }
}
