import { join } from 'node:path';
import { expect } from 'chai';
import { loadContract } from '../../../generator/load/load-contract.js';
import { parseRef } from '../../../generator/load/resolve-ref.js';
import { repoRoot } from '../../helpers/workspace.js';

describe('parseRef (generator/load/resolve-ref)', () => {
  const self = { url: 'https://example.com/apis/shop/api.yaml', file: '/contracts/api.yaml' };

  it('reads a reference relative to the file it is written in, a file: URL as that file', () => {
    expect(parseRef('./pet.yaml#/Pet', '/contracts/api.yaml')).to.deep.equal({
      file: '/contracts/pet.yaml',
      pointer: '/Pet',
    });
    expect(parseRef('#/components/schemas/A', '/contracts/api.yaml')).to.deep.equal({
      file: '/contracts/api.yaml',
      pointer: '/components/schemas/A',
    });
    expect(parseRef('file:///x/y.yaml', '/contracts/api.yaml')).to.deep.equal({ file: '/x/y.yaml', pointer: '' });
  });

  it('maps $self, and URIs beside it, to the entry file and the files beside it (OpenAPI 3.2)', () => {
    expect(
      parseRef('https://example.com/apis/shop/api.yaml#/components/schemas/Id', '/contracts/api.yaml', self),
    ).to.deep.equal({ file: '/contracts/api.yaml', pointer: '/components/schemas/Id' });
    expect(parseRef('https://example.com/apis/shop/schemas/order%20v2.yaml', '/contracts/x.yaml', self)).to.deep.equal({
      file: '/contracts/schemas/order v2.yaml',
      pointer: '',
    });
  });

  it('refuses other remote references and plain-name anchors', () => {
    expect(parseRef('https://example.com/apis/other.yaml', '/contracts/api.yaml', self))
      .to.have.property('error')
      .that.includes('is remote');
    expect(parseRef('#Pet', '/contracts/api.yaml')).to.have.property('error').that.includes('plain-name anchors');
  });

  it('loads a 3.2 contract whose references name its $self', async () => {
    const loaded = await loadContract(join(repoRoot, 'test/fixtures/openapi-3.2/self/api.yaml'));
    if (loaded.kind !== 'openapi') throw new Error('an OpenAPI contract');
    const schemas = (loaded.document.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas).sort()).to.deep.equal(['Id', 'order']);
    expect(schemas.order).to.deep.include({ required: ['id', 'total'] });
  });
});

describe('bundling Example Objects', () => {
  it('inlines examples shared through components.examples, which the bundled document does not keep', async () => {
    const loaded = await loadContract(join(repoRoot, 'test/fixtures/mock/examples.yaml'));
    if (loaded.kind !== 'openapi') throw new Error('an OpenAPI contract');
    const paths = loaded.document.paths as Record<string, Record<string, Record<string, unknown>>>;
    const media = (paths['/pets/{id}']!.get!.responses as Record<string, { content: Record<string, unknown> }>)['200']!
      .content['application/json'] as { examples: Record<string, unknown> };
    expect(media.examples.rex).to.deep.equal({ value: { id: 1, name: 'Rex' } });
  });
});
