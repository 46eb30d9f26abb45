import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionContext } from 'limis/runtime';
import type {
  ExportSquaresInput,
  ExportSquaresResult,
  FeedComponent,
  WatchTicksInput,
  WatchTicksResult,
} from '../generated/component.js';

/**
 * The feed component: each stream is an async generator, so an item is produced only when the client has room for
 * it, and a client that goes away ends the generator (its `finally` would run there).
 */
export const feed: FeedComponent = {
  async watchTicks({ query, headers }: WatchTicksInput, _context: ActionContext): Promise<WatchTicksResult> {
    // A reconnecting EventSource sends the id of the last tick it saw: the feed goes on from there.
    const resumed = Number(headers['last-event-id'] ?? 0);
    const first = Number.isSafeInteger(resumed) && resumed > 0 ? resumed + 1 : 1;
    const last = query.count === undefined ? Number.POSITIVE_INFINITY : first + query.count - 1;
    async function* ticks() {
      for (let n = first; n <= last; n++) {
        if (n > first) await sleep(query.every);
        yield { event: 'tick' as const, id: String(n), data: { n, at: new Date().toISOString() } };
      }
    }
    return { status: 200, stream: ticks() };
  },

  async exportSquares({ query }: ExportSquaresInput, _context: ActionContext): Promise<ExportSquaresResult> {
    async function* squares() {
      for (let n = 1; n <= query.upTo; n++) yield { n, square: n * n };
    }
    return { status: 200, stream: squares() };
  },
};
