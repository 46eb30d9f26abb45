import { expect } from 'chai';
import { scaffoldService } from '../../../generator/scaffold/scaffold-service.js';
import { openApiService } from '../../helpers/model.js';

const ok = { '200': { description: 'ok' } };

describe('scaffoldService', () => {
  it('one stub per component and an index that imports each from its own file', () => {
    const service = openApiService({
      info: { title: 'Tags', version: '1' },
      paths: {
        '/a': { get: { operationId: 'a', tags: [']=/'], responses: ok } },
        '/b': { get: { operationId: 'b', tags: ['漢'], responses: ok } },
        '/c': { get: { operationId: 'c', tags: ['pet store'], responses: ok } },
      },
    });
    const files = scaffoldService(service);
    // `]=/` and `漢` both kebab to `component`: each still gets a file of its own.
    expect(files.map((f) => f.path)).to.deep.equal([
      'components/component.ts',
      'components/component2.ts',
      'components/pet-store.ts',
      'index.ts',
    ]);
    const index = files.at(-1)!.text;
    for (const [i, file] of files.slice(0, -1).entries()) {
      const exported = /export const (\S+):/.exec(file.text)?.[1];
      expect(index, file.path).to.include(`import { ${exported} } from './${file.path.replace(/\.ts$/, '.js')}';`);
      expect(exported, `component ${i}`).to.be.a('string');
    }
  });
});

describe('scaffoldService names', () => {
  it('never imports a component under a name index.ts already has, nor lets a stub shadow a type it imports', () => {
    const service = openApiService({
      info: { title: 'Shop', version: '1' },
      paths: {
        '/a': { get: { operationId: 'a', tags: ['createShopService'], responses: ok } },
        '/b': { get: { operationId: '漢', tags: ['漢Input'], responses: ok } },
      },
    });
    const files = scaffoldService(service);
    const index = files.find((f) => f.path === 'index.ts')!.text;
    expect(index).to.include(
      "import { createShopService as createShopService2 } from './components/create-shop-service.js';",
    );
    expect(index).to.include('createShopService({ createShopService: createShopService2, 漢Input })');
    const stub = files.find((f) => f.text.includes('漢Input2'))!.text;
    expect(stub).to.include('const 漢Input2: 漢InputComponent = {');
    expect(stub).to.include('export { 漢Input2 as 漢Input };');
  });
});
