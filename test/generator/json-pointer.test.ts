import { expect } from 'chai';
import { componentSchemaName, componentSchemaRef } from '../../generator/json-pointer.js';

describe('componentSchemaRef and componentSchemaName', () => {
  it('refer to a named schema and read the name back, escaped as JSON pointers escape and nothing more', () => {
    for (const name of ['Pet', 'a/b', 'x~y', 'a%41b', '__proto__', '漢']) {
      expect(componentSchemaName(componentSchemaRef(name)), name).to.equal(name);
    }
    expect(componentSchemaRef('a/b~c')).to.equal('#/components/schemas/a~1b~0c');
  });

  it('name nothing for a reference elsewhere or into a named schema', () => {
    for (const ref of [
      '#/components/parameters/Pet',
      '#/components/schemas/',
      '#/components/schemas/Pet/properties/id',
      'pet.yaml',
    ])
      expect(componentSchemaName(ref), ref).to.equal(undefined);
  });
});
