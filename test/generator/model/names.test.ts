import { expect } from 'chai';
import { kebabName, memberName, NameScope, typeName } from '../../../generator/model/names.js';

describe('names', () => {
  const cases: Array<[string, string, string, string]> = [
    // raw, typeName, memberName, kebabName
    ['getPetById', 'GetPetById', 'getPetById', 'get-pet-by-id'],
    ['get-pet_by id', 'GetPetById', 'getPetById', 'get-pet-by-id'],
    ['HTTPServer', 'HTTPServer', 'hTTPServer', 'http-server'],
    ['1st', '_1st', '_1st', '1st'],
    ['delete', 'Delete', 'delete_', 'delete'],
    ['constructor', 'Constructor', 'constructor_', 'constructor'],
    ['__proto__', 'Proto', 'proto', 'proto'],
    ['string', 'String_', 'string_', 'string'],
    ['Ünïcödé name', 'ÜnïcödéName', 'ünïcödéName', 'unicode-name'],
    ['*/ ${x}`', 'X', 'x', 'x'],
    ['', 'Unnamed', 'unnamed', 'service'],
  ];
  for (const [raw, type, member, kebab] of cases) {
    it(`${JSON.stringify(raw)} → ${type} / ${member} / ${kebab}`, () => {
      expect(typeName(raw)).to.equal(type);
      expect(memberName(raw)).to.equal(member);
      expect(kebabName(raw)).to.equal(kebab);
    });
  }

  it('NameScope numbers names that collide once sanitised', () => {
    const scope = new NameScope();
    expect([
      scope.claim(memberName('a-b')),
      scope.claim(memberName('a_b')),
      scope.claim(memberName('a b')),
    ]).to.deep.equal(['aB', 'aB2', 'aB3']);
  });
});
