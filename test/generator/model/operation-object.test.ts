import { expect } from 'chai';
import { derivedOperationId } from '../../../generator/model/operation-object.js';

describe('derivedOperationId', () => {
  const cases: Array<[string, string, string]> = [
    ['get', '/pets', 'getPets'],
    ['get', '/pets/{petId}/toys', 'getPetsByPetIdToys'],
    ['delete', '/v1/users/{user-id}', 'deleteV1UsersByUserId'],
    ['post', '/', 'post'],
  ];
  for (const [method, path, want] of cases)
    it(`${method} ${path} → ${want}`, () => expect(derivedOperationId(method, path)).to.equal(want));
});
