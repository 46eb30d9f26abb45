import { expect } from 'chai';
import { serviceIdentity } from '../../../generator/model/service-identity.js';
import { recordingReporter } from '../../helpers/reporter.js';

describe('serviceIdentity', () => {
  const cases: Array<[string, unknown, { name: string; path: string }, string[]]> = [
    ['no extension: the title, kebab-cased for the path', undefined, { name: 'Pet Store', path: 'pet-store' }, []],
    ['a name', 'inventory', { name: 'inventory', path: 'inventory' }, []],
    ['a name and a path', { name: 'inventory', path: 'v1/stock' }, { name: 'inventory', path: 'v1/stock' }, []],
    ['a path alone keeps the title as the name', { path: 'pets' }, { name: 'Pet Store', path: 'pets' }, []],
    [
      'a path that is not URL segments',
      { name: 'x', path: '../up' },
      { name: 'x', path: 'x' },
      ['error /x-limis-service/path: x-limis-service.path must be URL path segments such as "pets" or "v1/pets"'],
    ],
    [
      'neither a name nor an object',
      42,
      { name: 'Pet Store', path: 'pet-store' },
      ['error /x-limis-service: x-limis-service must be a name or { name, path }'],
    ],
  ];
  for (const [title, given, want, problems] of cases) {
    it(title, () => {
      const report = recordingReporter();
      expect(serviceIdentity(given, 'Pet Store', report)).to.deep.equal(want);
      expect(report.lines).to.deep.equal(problems);
    });
  }
});
