import { join } from 'node:path';
import { expect } from 'chai';
import { loadContract } from '../../../generator/load/load-contract.js';
import { asyncApiDocument } from '../../../generator/model/asyncapi-document.js';
import { recordingReporter } from '../../helpers/reporter.js';
import { repoRoot } from '../../helpers/workspace.js';

describe('asyncApiDocument', () => {
  it('builds hello-ws: a receive operation with a reply becomes an action of a raw, text channel', async () => {
    const loaded = await loadContract(join(repoRoot, 'contracts/hello-ws.asyncapi.yaml'));
    if (loaded.kind !== 'asyncapi') throw new Error('hello-ws is an AsyncAPI contract');
    const report = recordingReporter();
    const { document: _served, ...model } = asyncApiDocument(
      { document: loaded.document, raw: loaded.raw, contractFile: 'contracts/hello-ws.asyncapi.yaml' },
      report,
    );
    expect(report.lines).to.deep.equal([]);
    const text = {
      name: 'text',
      typeName: 'Text',
      summary: 'Anything at all.',
      payload: { type: 'string' },
      kind: 'text',
    };
    const greeting = {
      name: 'greeting',
      typeName: 'Greeting',
      payload: { type: 'string', const: 'hello' },
      kind: 'text',
    };
    expect(JSON.parse(JSON.stringify(model))).to.deep.equal({
      name: 'hello-ws',
      typeName: 'HelloWs',
      path: 'hello',
      title: 'hello over WebSocket',
      version: '1.0.0',
      description: 'The original limis hello, over WebSocket: any message to hello/ is answered `hello`.',
      contractFile: 'contracts/hello-ws.asyncapi.yaml',
      kind: 'asyncapi',
      schemas: [],
      components: [
        {
          name: 'hello',
          typeName: 'HelloComponent',
          propertyName: 'hello',
          actions: [],
          messageActions: [
            {
              operationId: 'hello',
              name: 'hello',
              typeName: 'Hello',
              summary: 'Answer any message with hello.',
              channel: 'hello',
              messages: [text],
              reply: greeting,
              security: [],
            },
          ],
        },
      ],
      securitySchemes: [],
      channels: [
        {
          id: 'hello',
          address: 'hello',
          typeName: 'Hello',
          parameters: [],
          frames: 'raw',
          security: [],
          receives: [text],
          sends: [greeting],
        },
      ],
      pushes: [],
    });
  });
});

describe('asyncApiDocument: message headers', () => {
  it('reads 2.6 headers and a correlation id located in them; warns about a location in headers the message does not declare', async () => {
    const file = join(repoRoot, 'test/fixtures/async-headers/orders-2.6.yaml');
    const loaded = await loadContract(file);
    if (loaded.kind !== 'asyncapi') throw new Error('an AsyncAPI contract');
    const report = recordingReporter();
    const model = asyncApiDocument({ document: loaded.document, raw: loaded.raw, contractFile: file }, report);
    const [channel] = model.channels;
    expect(channel?.frames).to.equal('envelope');
    const [placeOrder] = channel!.receives;
    expect(placeOrder?.headers).to.deep.equal({
      type: 'object',
      required: ['idempotencyKey'],
      properties: { requestId: { type: 'string' }, idempotencyKey: { type: 'string' } },
    });
    expect(placeOrder?.correlation).to.equal('/headers/requestId');
    expect(channel!.sends.map((m) => [m.name, m.headers, m.correlation])).to.deep.equal([
      ['orderShipped', undefined, '/payload/orderNumber'],
      ['orderLost', undefined, undefined],
    ]);
    expect(report.lines).to.deep.equal([
      'warning /channels/orders/subscribe/message/oneOf/1/correlationId/location: correlationId location "$message.header#/requestId" is in the headers, but message "orderLost" declares none; replies are matched in order',
    ]);
  });
});
