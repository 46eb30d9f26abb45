import { expect } from 'chai';
import { splitRequestTarget } from '../../../runtime/http/request-target.js';

describe('splitRequestTarget', () => {
  const cases: Array<[string | undefined, { path: string; search: string } | undefined]> = [
    ['/chat/rooms/red', { path: '/chat/rooms/red', search: '' }],
    ['/chat/rooms/red?access_token=a&b', { path: '/chat/rooms/red', search: 'access_token=a&b' }],
    ['//[/', { path: '//[/', search: '' }],
    ['/a/../b', { path: '/a/../b', search: '' }],
    ['http://localhost:8888/chat/rooms/red?x=1', { path: '/chat/rooms/red', search: 'x=1' }],
    ['http://[/chat', undefined],
    ['http://localhost:99999/chat', undefined],
    ['http://%zz/chat', undefined],
    ['*', undefined],
    ['localhost:8888', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [target, expected] of cases) {
    it(`${JSON.stringify(target)} → ${JSON.stringify(expected)}`, () => {
      expect(splitRequestTarget(target)).to.deep.equal(expected);
    });
  }
});
