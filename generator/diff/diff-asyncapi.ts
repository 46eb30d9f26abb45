import { appendPointer } from '../json-pointer.js';
import type { ChannelModel, JsonSchema, MessageModel, ServiceModel } from '../model/service-model.js';
import type { Change } from './change.js';
import { type Direction, diffSchema, namedSchemas } from './diff-schema.js';

/**
 * The changes from one version of an AsyncAPI contract to the next, channel by channel: what the service receives is
 * what clients send (a stricter payload or headers schema breaks them, as a request's does), what it sends is what
 * clients read (a looser one breaks them, as a response's does). Removed channels, and removed messages clients
 * send, are breaking; so is a change of framing (bare payloads ↔ envelopes) and credentials asked where none were.
 */
export function diffAsyncApi(old: ServiceModel, next: ServiceModel): Change[] {
  const changes: Change[] = [];
  const sides = { old: namedSchemas(old), next: namedSchemas(next) };
  for (const channel of old.channels) {
    const at = `channel ${channel.address}`;
    const pointer = appendPointer('/channels', channel.id);
    const counterpart = next.channels.find((c) => c.id === channel.id);
    if (!counterpart) {
      changes.push({ level: 'breaking', rule: 'channel-removed', at, message: `${at} was removed`, old: pointer });
      continue;
    }
    const newPointer = appendPointer('/channels', counterpart.id);
    if (counterpart.address !== channel.address)
      changes.push({
        level: 'breaking',
        rule: 'channel-address-changed',
        at,
        message: `${at} is now at ${counterpart.address}`,
        old: pointer,
        new: newPointer,
      });
    if (counterpart.frames !== channel.frames)
      changes.push({
        level: 'breaking',
        rule: 'channel-framing-changed',
        at,
        message:
          counterpart.frames === 'envelope'
            ? 'frames are now { message, payload } envelopes, not bare payloads'
            : 'frames are now bare payloads, not envelopes',
        old: pointer,
        new: newPointer,
      });
    if (channel.security.length === 0 && counterpart.security.length > 0)
      changes.push({
        level: 'breaking',
        rule: 'channel-security-added',
        at,
        message: `${at} now requires credentials to connect`,
        new: newPointer,
      });
    diffMessages(channel, counterpart, 'receives', at, [pointer, newPointer], sides, changes);
    diffMessages(channel, counterpart, 'sends', at, [pointer, newPointer], sides, changes);
  }
  for (const channel of next.channels)
    if (!old.channels.some((c) => c.id === channel.id)) {
      const at = `channel ${channel.address}`;
      changes.push({
        level: 'info',
        rule: 'channel-added',
        at,
        message: `${at} was added`,
        new: appendPointer('/channels', channel.id),
      });
    }
  return changes;
}

function diffMessages(
  old: ChannelModel,
  next: ChannelModel,
  side: 'receives' | 'sends',
  at: string,
  [oldAt, newAt]: [string, string],
  named: { old: ReadonlyMap<string, JsonSchema>; next: ReadonlyMap<string, JsonSchema> },
  changes: Change[],
): void {
  // What the service receives, clients send: requests. What it sends, clients read: responses.
  const direction: Direction = side === 'receives' ? 'request' : 'response';
  const kind = side === 'receives' ? 'receive' : 'send';
  const messageAt = (channel: string, message: MessageModel) => appendPointer(channel, 'messages', message.name);
  for (const message of old[side]) {
    const counterpart = next[side].find((m) => m.name === message.name);
    const subject = `message ${JSON.stringify(message.name)}`;
    if (!counterpart) {
      changes.push({
        level: side === 'receives' ? 'breaking' : 'warning',
        rule: `${kind}-message-removed`,
        at,
        message: side === 'receives' ? `${subject} is no longer accepted` : `${subject} is no longer sent`,
        old: messageAt(oldAt, message),
      });
      continue;
    }
    const pointers = [messageAt(oldAt, message), messageAt(newAt, counterpart)] as const;
    diffSchema(
      { schema: message.payload, pointer: `${pointers[0]}/payload`, named: named.old },
      { schema: counterpart.payload, pointer: `${pointers[1]}/payload`, named: named.next },
      direction,
      at,
      `${subject} payload`,
      changes,
    );
    if (message.headers !== undefined || counterpart.headers !== undefined)
      diffSchema(
        { schema: message.headers ?? {}, pointer: `${pointers[0]}/headers`, named: named.old },
        { schema: counterpart.headers ?? {}, pointer: `${pointers[1]}/headers`, named: named.next },
        direction,
        at,
        `${subject} headers`,
        changes,
      );
  }
  for (const message of next[side])
    if (!old[side].some((m) => m.name === message.name))
      changes.push({
        // A client may not know what to do with a message it was not written for.
        level: side === 'sends' ? 'warning' : 'info',
        rule: `${kind}-message-added`,
        at,
        message: `message ${JSON.stringify(message.name)} was added`,
        new: messageAt(newAt, message),
      });
}
