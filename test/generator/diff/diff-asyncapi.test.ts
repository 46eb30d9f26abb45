import { join } from 'node:path';
import { expect } from 'chai';
import { diffAsyncApi } from '../../../generator/diff/diff-asyncapi.js';
import { readServiceModel } from '../../../generator/generate.js';
import type { ServiceModel } from '../../../generator/model/service-model.js';
import { repoRoot } from '../../helpers/workspace.js';

async function model(file: string): Promise<ServiceModel> {
  const { service } = await readServiceModel(join(repoRoot, file));
  if (!service) throw new Error(`${file} does not load`);
  return service;
}

describe('diffAsyncApi (generator/diff/diff-asyncapi)', () => {
  it('breaks clients on what they send getting stricter and what they read getting looser; new messages are warned about', async () => {
    const changes = diffAsyncApi(
      await model('test/fixtures/diff/chat-old.asyncapi.yaml'),
      await model('test/fixtures/diff/chat-new.asyncapi.yaml'),
    );
    expect(changes.map((c) => `${c.level} ${c.rule} ${c.message}`)).to.have.members([
      'breaking request-required-property-added message "typing" payload property "since" was added, required',
      'breaking response-property-became-optional message "chatMessage" payload property "text" may now be absent',
      'warning send-message-added message "edited" was added',
      // typing is also pushed: for the clients that read it, a new property is no change they must handle.
      'info response-property-added message "typing" payload property "since" was added',
    ]);
  });

  it('a removed channel, a message clients send that is no longer accepted, a change of framing', async () => {
    const chat = await model('contracts/chat-events.asyncapi.yaml');
    const hello = await model('contracts/hello-ws.asyncapi.yaml');
    const gone = { ...chat, channels: [] };
    expect(diffAsyncApi(chat, gone).map((c) => `${c.level} ${c.rule}`)).to.deep.equal(['breaking channel-removed']);
    const [room] = chat.channels;
    const quiet = { ...chat, channels: [{ ...room!, receives: [], frames: 'raw' as const }] };
    expect(diffAsyncApi(chat, quiet).map((c) => `${c.level} ${c.rule}`)).to.deep.equal([
      'breaking channel-framing-changed',
      'breaking receive-message-removed',
    ]);
    expect(diffAsyncApi(hello, hello)).to.deep.equal([]);
  });
});
