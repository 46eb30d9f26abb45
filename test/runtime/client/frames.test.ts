import { expect } from 'chai';
import { encodeErrorFrame, encodeFrame, readEnvelope, readErrorFrame } from 'limis/client';

describe('the WebSocket frame codec (runtime/client/frames)', () => {
  it('encodes raw frames as bare text or JSON, and envelopes with the message name', () => {
    expect(encodeFrame('raw', 'text', 'hello', 'hi')).to.equal('hi');
    expect(encodeFrame('raw', 'json', 'hello', { a: 1 })).to.equal('{"a":1}');
    expect(encodeFrame('raw', undefined, 'hello', 'hi')).to.equal('"hi"');
    expect(encodeFrame('envelope', 'text', 'typing', { author: 'a' })).to.equal(
      '{"message":"typing","payload":{"author":"a"}}',
    );
    // A message that declares headers carries them beside its payload, even when there are none.
    expect(encodeFrame('envelope', 'json', 'order', { n: 1 }, { requestId: 'r' })).to.equal(
      '{"message":"order","headers":{"requestId":"r"},"payload":{"n":1}}',
    );
    expect(encodeFrame('envelope', 'json', 'order', { n: 1 }, {})).to.equal(
      '{"message":"order","headers":{},"payload":{"n":1}}',
    );
  });

  it('reads envelopes, and nothing else as one', () => {
    expect(readEnvelope({ message: 'typing', payload: 1 })).to.deep.equal({
      message: 'typing',
      headers: undefined,
      payload: 1,
    });
    expect(readEnvelope({ message: 'typing' })).to.deep.equal({
      message: 'typing',
      headers: undefined,
      payload: undefined,
    });
    expect(readEnvelope({ message: 'order', headers: { a: 1 }, payload: 2 })).to.deep.equal({
      message: 'order',
      headers: { a: 1 },
      payload: 2,
    });
    for (const value of [null, 1, 'typing', [], {}, { message: 1 }]) expect(readEnvelope(value)).to.equal(undefined);
  });

  it('writes error frames the client reads back, with errors and the correlation id when there are some', () => {
    const text = encodeErrorFrame(
      { code: 'LIMIS_ERR_VALIDATION', detail: 'no', errors: [{ pointer: '/payload/a', message: 'must be number' }] },
      'c1',
    );
    expect(JSON.parse(text)).to.deep.equal({
      error: {
        code: 'LIMIS_ERR_VALIDATION',
        detail: 'no',
        errors: [{ pointer: '/payload/a', message: 'must be number' }],
      },
      correlationId: 'c1',
    });
    expect(readErrorFrame(text)).to.deep.equal(JSON.parse(text));
    expect(encodeErrorFrame({ code: 'LIMIS_ERR_INTERNAL', detail: 'x' })).to.equal(
      '{"error":{"code":"LIMIS_ERR_INTERNAL","detail":"x"}}',
    );
    for (const other of ['{"error":1}', '{"error":{"detail":"x"}}', '{"error":', '{"message":"error"}', 'error'])
      expect(readErrorFrame(other)).to.equal(undefined);
  });
});
