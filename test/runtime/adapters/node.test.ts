import { expect } from 'chai';
import { RouteTree } from '../../../runtime/adapters/route-tree.js';
import { adapterSuite } from './adapter-suite.js';

describe('node adapter (createRuntime({ adapter: "node" }))', () => adapterSuite('node'));

describe('RouteTree', () => {
  const tree = new RouteTree<string>();
  tree.add('GET', '/pets/{petId}', 'get pet');
  tree.add('PUT', '/pets/{id}', 'put pet');
  tree.add('GET', '/pets/mine', 'mine');
  tree.add('GET', '/files/{name}.json', 'file');

  it('prefers a literal segment, and names parameters per route', () => {
    const pet = tree.match('/pets/7')!;
    expect(pet.methods.get('GET')).to.deep.equal({ value: 'get pet', names: ['petId'] });
    expect(pet.methods.get('PUT')).to.deep.equal({ value: 'put pet', names: ['id'] });
    expect(pet.values).to.deep.equal(['7']);
    expect(tree.match('/pets/mine')!.methods.get('GET')!.value).to.equal('mine');
  });

  it('matches a parameter inside a segment, and nothing by prefix', () => {
    expect(tree.match('/files/a%20b.json')).to.deep.include({ values: ['a b'] });
    expect(tree.match('/pets/7/toys')).to.equal(undefined);
    expect(tree.match('/petsXYZ/7')).to.equal(undefined);
  });
});
