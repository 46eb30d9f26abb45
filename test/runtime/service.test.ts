import { expect } from 'chai';
import { defineService } from 'limis/runtime';
import { testHandler } from '../helpers/handler.js';

describe('defineService', () => {
  for (const path of ['pets', 'v1/pets', '.well-known', 'a..b', 'v1.2/x']) {
    it(`mounts a service at "${path}"`, () => expect(defineService({ name: 's', path }).path).to.equal(path));
  }
  for (const path of ['', '/pets', 'pets/', 'a//b', '../up', 'a/..', 'a/./b', '.', '..', 'a b', 'ü']) {
    it(`refuses the path ${JSON.stringify(path)}, saying what a path is`, () => {
      expect(() => defineService({ name: 's', path })).to.throw(
        TypeError,
        `service "s": path must be URL segments such as "pets" or "v1/pets", got ${JSON.stringify(path)}`,
      );
    });
  }

  it('refuses two handlers for one method and path, and interceptors that are not functions', () => {
    const handler = testHandler({ operationId: 'a', method: 'GET', path: '/x', invoke: async () => ({ status: 200 }) });
    expect(() =>
      defineService({ name: 's', path: 's', handlers: [handler, { ...handler, operationId: 'b' }] }),
    ).to.throw(TypeError, /two handlers for GET \/x/);
    expect(() => defineService({ name: 's', path: 's', interceptors: ['x' as never] })).to.throw(
      TypeError,
      'service "s": interceptors must be functions (ctx, next) => Promise<void>',
    );
  });
});
