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
