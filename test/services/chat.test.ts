import { expect } from 'chai';
import { createRoomsComponent as createHttpRooms } from '../../services/chat/components/rooms.js';
import { ChatClient } from '../../services/chat/generated/client.js';
import { createChatService } from '../../services/chat/generated/routes.js';
import { createRoomsComponent as createEventRooms } from '../../services/chat-events/components/rooms.js';
import { createChatEventsService } from '../../services/chat-events/generated/channels.js';
import type { ChatMessage } from '../../services/chat-events/generated/types.js';
import { ChatEventsClient } from '../../services/chat-events/generated/ws-client.js';
import { type Served, serve } from '../helpers/serve.js';
import { RawClient, settle } from '../helpers/ws.js';

describe('chat example: an HTTP action pushes to the WebSocket consumers of one room', () => {
  let served: Served;
  let http: ChatClient;
  let room: (id: string) => string;

  beforeEach(async () => {
    const events = createChatEventsService({ rooms: createEventRooms(() => events.push) });
    const chat = createChatService({ rooms: createHttpRooms(events.push) });
    served = await serve({ services: [chat, events], ws: { port: 0, host: '127.0.0.1' } });
    http = new ChatClient({ baseUrl: `${served.url}/chat` });
    room = (id) => `${served.runtime.wsUrl}/chat/rooms/${id}`;
  });
  afterEach(() => served.runtime.stop());

  it('delivers a post to every consumer of its room and to no other room', async () => {
    const red = await Promise.all([
      RawClient.open(room('red')),
      RawClient.open(room('red')),
      RawClient.open(room('red')),
    ]);
    const blue = await Promise.all([RawClient.open(room('blue')), RawClient.open(room('blue'))]);
    const posted = await http.postMessage({ params: { roomId: 'red' }, body: { author: 'ann', text: 'hi red' } });
    expect(posted).to.deep.include({ status: 202, body: { id: 1, delivered: 3 } });
    for (const client of red) {
      expect((await client.next()).map((f) => JSON.parse(f))).to.deep.equal([
        { message: 'chatMessage', payload: { id: 1, roomId: 'red', author: 'ann', text: 'hi red' } },
      ]);
    }
    expect(
      await http.postMessage({ params: { roomId: 'blue' }, body: { author: 'bob', text: 'hi blue' } }),
    ).to.deep.include({ body: { id: 2, delivered: 2 } });
    for (const client of blue) expect(JSON.parse((await client.next())[0]!).payload.text).to.equal('hi blue');
    await settle();
    expect(red.map((c) => c.frames.length)).to.deep.equal([1, 1, 1]);
    expect(blue.map((c) => c.frames.length)).to.deep.equal([1, 1]);
    expect(
      await http.postMessage({ params: { roomId: 'empty' }, body: { author: 'cy', text: 'anyone?' } }),
    ).to.deep.include({ body: { id: 3, delivered: 0 } });
  });

  it('the generated ws client receives typed pushes and relays typing to the others in the room', async () => {
    const client = new ChatEventsClient({ baseUrl: `${served.runtime.wsUrl}/chat` });
    const ann = await client.room({ roomId: 'red' });
    const bob = await client.room({ roomId: 'red' });
    const seen: ChatMessage[] = [];
    const typing: string[] = [];
    bob.onChatMessage((message) => seen.push(message));
    bob.onTyping((event) => typing.push(event.author));
    ann.onTyping((event) => typing.push(`ann saw ${event.author}`));
    ann.sendTyping({ author: 'ann' });
    await http.postMessage({ params: { roomId: 'red' }, body: { author: 'ann', text: 'typed' } });
    await settle();
    expect(typing).to.deep.equal(['ann']);
    expect(seen).to.deep.equal([{ id: 1, roomId: 'red', author: 'ann', text: 'typed' }]);
    await Promise.all([ann.close(), bob.close()]);
  });

  it('answers an invalid message with an error frame, and the socket keeps working', async () => {
    const client = await RawClient.open(room('red'));
    const other = await RawClient.open(room('red'));
    client.send('not json');
    client.send('{"message":"typing","payload":{"author":""}}');
    client.send('{"message":"shout","payload":{}}');
    client.send('{"payload":{}}');
    const frames = (await client.next(4)).map((f) => JSON.parse(f));
    expect(frames.map((f) => f.error.code)).to.deep.equal([
      'LIMIS_ERR_INVALID_JSON',
      'LIMIS_ERR_VALIDATION',
      'LIMIS_ERR_UNKNOWN_MESSAGE',
      'LIMIS_ERR_UNKNOWN_MESSAGE',
    ]);
    expect(frames[1].error.errors).to.deep.equal([
      { pointer: '/payload/author', message: 'must NOT have fewer than 1 characters' },
    ]);
    expect(frames[2].error.detail).to.equal('channel room accepts no message "shout"; it accepts: typing');
    client.send('{"message":"typing","payload":{"author":"ann"}}');
    expect(JSON.parse((await other.next())[0]!)).to.deep.equal({ message: 'typing', payload: { author: 'ann' } });
    expect(client.socket.readyState).to.equal(client.socket.OPEN);
  });

  it('a push that breaks the contract throws and sends nothing', async () => {
    const events = served.runtime.services.find((s) => s.name === 'chat-events')!;
    const client = await RawClient.open(room('red'));
    expect(() => events.publish('room', 'chatMessage', { id: 1, roomId: 'red', author: 'x' })).to.throw(
      'push of chatMessage on room does not match the contract: /payload/text is required',
    );
    await settle();
    expect(client.frames).to.deep.equal([]);
  });
});
