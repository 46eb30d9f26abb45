import { expect } from 'chai';
import { type CachedResponse, entityTag, MemoryCacheStore } from 'limis/runtime';
import { matchesEntityTag } from '../../../runtime/interceptors/cache-store.js';

const response = (text: string): CachedResponse => ({
  status: 200,
  headers: { 'content-type': 'text/plain' },
  body: Buffer.from(text),
});

describe('MemoryCacheStore', () => {
  it('evicts the least recently used entry past maxEntries', () => {
    const store = new MemoryCacheStore({ maxEntries: 2 });
    store.set('a', response('a'), { ttl: 60, tags: [] });
    store.set('b', response('b'), { ttl: 60, tags: [] });
    store.get('a');
    store.set('c', response('c'), { ttl: 60, tags: [] });
    expect([store.get('a'), store.get('b'), store.get('c')].map((r) => r?.body?.toString())).to.deep.equal([
      'a',
      undefined,
      'c',
    ]);
    expect(store.size).to.equal(2);
  });

  it('stays under maxBytes, counting bodies and headers, and refuses an entry larger than the whole cache', () => {
    const store = new MemoryCacheStore({ maxBytes: 100 });
    store.set('a', response('x'.repeat(40)), { ttl: 60, tags: [] });
    store.set('b', response('y'.repeat(40)), { ttl: 60, tags: [] });
    expect(store.get('a')).to.equal(undefined);
    expect(store.bytes).to.be.at.most(100);
    store.set('huge', response('z'.repeat(200)), { ttl: 60, tags: [] });
    expect(store.get('huge')).to.equal(undefined);
    expect(store.get('b')).not.to.equal(undefined);
  });

  it('drops an entry once its ttl has passed', async () => {
    const store = new MemoryCacheStore();
    store.set('a', response('a'), { ttl: 0.02, tags: [] });
    expect(store.get('a')).not.to.equal(undefined);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.get('a')).to.equal(undefined);
    expect(store.bytes).to.equal(0);
  });

  it('invalidates every entry of a tag, and only those', () => {
    const store = new MemoryCacheStore();
    store.set('list-en', response('1'), { ttl: 60, tags: ['/pets'] });
    store.set('list-fr', response('2'), { ttl: 60, tags: ['/pets'] });
    store.set('one', response('3'), { ttl: 60, tags: ['/pets/1'] });
    store.invalidate('/pets');
    expect([store.get('list-en'), store.get('list-fr')]).to.deep.equal([undefined, undefined]);
    expect(store.get('one')).not.to.equal(undefined);
    expect(store.size).to.equal(1);
  });
});

describe('entity tags', () => {
  it('are equal for equal bodies and differ otherwise', () => {
    expect(entityTag('{"a":1}')).to.equal(entityTag(Buffer.from('{"a":1}')));
    expect(entityTag('{"a":1}')).not.to.equal(entityTag('{"a":2}'));
  });

  it('match If-None-Match lists, weak tags and *', () => {
    const tag = entityTag('x');
    expect(matchesEntityTag(`"other", ${tag}`, tag)).to.equal(true);
    expect(matchesEntityTag(`W/${tag}`, tag)).to.equal(true);
    expect(matchesEntityTag('*', tag)).to.equal(true);
    expect(matchesEntityTag('"other"', tag)).to.equal(false);
    expect(matchesEntityTag(undefined, tag)).to.equal(false);
  });
});
