import { expect } from 'chai';
import { backoff } from '../../../runtime/common/backoff.js';

describe('backoff: the retry schedule of the registry, discovery and the Redis bus', () => {
  it('backs off from 250 ms, doubling up to the cap, with at most a quarter of jitter', () => {
    for (let i = 0; i < 50; i++) {
      expect(backoff(1)).to.be.within(187, 250);
      expect(backoff(3)).to.be.within(750, 1000);
      expect(backoff(30)).to.be.within(3750, 5000);
      expect(backoff(30, 1000)).to.be.within(750, 1000);
    }
  });
});
