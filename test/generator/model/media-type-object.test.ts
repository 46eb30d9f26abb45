import { expect } from 'chai';
import { mediaKind, mediaTypeObjects, streamsResponses } from '../../../generator/model/media-type-object.js';
import { recordingReporter } from '../../helpers/reporter.js';

describe('mediaTypeObjects', () => {
  it('gives one model per media type, in contract order, with its kind and converted schema', () => {
    const report = recordingReporter();
    const content = {
      'application/json': { schema: { type: 'string', nullable: true } },
      'text/plain': { schema: { type: 'string' } },
      'application/octet-stream': {},
    };
    expect(mediaTypeObjects(content, '3.0', '/c', report)).to.deep.equal([
      { mediaType: 'application/json', kind: 'json', schema: { type: ['string', 'null'] } },
      { mediaType: 'text/plain', kind: 'text', schema: { type: 'string' } },
      { mediaType: 'application/octet-stream', kind: 'binary', schema: { type: 'string', format: 'binary' } },
    ]);
    expect(report.lines).to.deep.equal([]);
  });

  it('reads a streamed media type as a stream of items: 3.2 by itemSchema, 3.0 and 3.1 by schema', () => {
    const item = { type: 'object', properties: { data: { type: 'string' } } };
    const report = recordingReporter();
    expect(
      mediaTypeObjects(
        { 'text/event-stream': { itemSchema: item }, 'application/x-ndjson; charset=utf-8': { itemSchema: item } },
        '3.2',
        '/c',
        report,
      ),
    ).to.deep.equal([
      { mediaType: 'text/event-stream', schema: item, kind: 'text', stream: 'sse' },
      { mediaType: 'application/x-ndjson; charset=utf-8', schema: item, kind: 'json', stream: 'jsonl' },
    ]);
    expect(mediaTypeObjects({ 'application/jsonl': { schema: item } }, '3.1', '/c', report)).to.deep.equal([
      { mediaType: 'application/jsonl', schema: item, kind: 'json', stream: 'jsonl' },
    ]);
    // In 3.2 `schema` describes the whole body, which limis does not stream.
    expect(
      mediaTypeObjects({ 'text/event-stream': { schema: { type: 'string' } } }, '3.2', '/c', report),
    ).to.deep.equal([{ mediaType: 'text/event-stream', schema: { type: 'string' }, kind: 'text' }]);
    expect(report.lines).to.deep.equal([]);
  });

  it('tells whether some response streams, of any kind or of one', () => {
    const response = (stream?: 'sse' | 'jsonl') => ({
      status: 200,
      description: '',
      headers: [],
      contents: [{ mediaType: 'x', kind: 'json' as const, schema: {}, ...(stream && { stream }) }],
    });
    expect(streamsResponses([response(), response('jsonl')])).to.equal(true);
    expect(streamsResponses([response('jsonl')], 'sse')).to.equal(false);
    expect(streamsResponses([response()])).to.equal(false);
  });

  it('refuses a content that is not a map', () => {
    const report = recordingReporter();
    expect(mediaTypeObjects([], '3.1', '/c', report)).to.deep.equal([]);
    expect(report.lines).to.deep.equal(['error /c: `content` must map media types to Media Type Objects']);
  });
});

describe('mediaKind', () => {
  const cases: Array<[string, string]> = [
    ['application/json', 'json'],
    ['application/problem+json; charset=utf-8', 'json'],
    ['*/*', 'json'],
    ['TEXT/PLAIN', 'text'],
    ['text/csv', 'text'],
    ['application/xml', 'binary'],
    ['image/png', 'binary'],
  ];
  for (const [given, want] of cases) it(`${given} → ${want}`, () => expect(mediaKind(given)).to.equal(want));
});
