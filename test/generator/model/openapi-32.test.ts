import { join } from 'node:path';
import { expect } from 'chai';
import { loadContract } from '../../../generator/load/load-contract.js';
import { openApiDocument } from '../../../generator/model/openapi-document.js';
import { recordingReporter } from '../../helpers/reporter.js';
import { repoRoot } from '../../helpers/workspace.js';

describe('OpenAPI 3.2 (generator/model/openapi-32)', () => {
  it('reads a 3.2 contract as 3.1 plus what 3.2 adds; what limis does not serve yet is a located warning', async () => {
    const loaded = await loadContract(join(repoRoot, 'test/fixtures/openapi-3.2/everything.yaml'));
    if (loaded.kind !== 'openapi') throw new Error('an OpenAPI contract');
    expect(loaded.version).to.equal('3.2');
    const report = recordingReporter();
    const model = openApiDocument({ version: loaded.version, document: loaded.document, contractFile: 'x' }, report);
    expect(report.lines).to.deep.equal([
      'warning /paths/~1pets/query/responses: searchPets can be refused as invalid (400 problem+json; 413, 415 for bodies) but declares no 4xx or default response; declare 400 so clients and conformance checkers expect it',
      'warning /paths/~1feed/get/responses: watchPets can be refused as invalid (400 problem+json) but declares no 4xx or default response; declare 400 so clients and conformance checkers expect it',
      'warning /paths/~1uploads/post/responses/200/content/application~1json-seq/itemSchema: `itemSchema` is not streamed by limis for application/json-seq (it streams text/event-stream, application/jsonl and application/x-ndjson): the body is generated as if it had no schema',
      'warning /paths/~1uploads/post/responses/200/content/application~1json-seq/itemEncoding: `itemEncoding` is not applied by limis yet: items are written as JSON',
    ]);
    // A deprecated scheme says so (in the verifier's TSDoc); oauth2MetadataUrl is told there too.
    expect(model.securitySchemes.map((s) => [s.name, s.deprecated, s.description])).to.deep.equal([
      ['old', true, undefined],
      ['oauth', undefined, 'Authorization server metadata: https://example.com/.well-known/oauth-authorization-server'],
    ]);
    // An in: querystring parameter is read as its object's properties, each a query parameter.
    expect(
      model.components
        .flatMap((c) => c.actions)
        .find((a) => a.operationId === 'watchPets')!
        .parameters.map((p) => `${p.in} ${p.name}`),
    ).to.deep.equal(['query tag', 'header Last-Event-ID']);
    // A text/event-stream response with an itemSchema is a stream of those items.
    const watch = model.components.flatMap((c) => c.actions).find((a) => a.operationId === 'watchPets')!;
    expect(watch.responses[0]!.contents).to.deep.equal([
      {
        mediaType: 'text/event-stream',
        schema: { type: 'object', properties: { data: { type: 'string' } } },
        kind: 'text',
        stream: 'sse',
      },
    ]);
    // Tags with `parent` and `kind`, the device flow and `deprecated` schemes are read as descriptions.
    expect(model.components.flatMap((c) => c.actions.map((a) => `${c.name}.${a.operationId}`))).to.deep.equal([
      'cats.listPets',
      'Everything.searchPets',
      'Everything.linkPets',
      'Everything.watchPets',
      'Everything.uploadPets',
    ]);
  });

  it('still refuses a querystring parameter before 3.2', () => {
    const report = recordingReporter();
    openApiDocument(
      {
        version: '3.1',
        contractFile: 'x',
        document: {
          openapi: '3.1.0',
          info: { title: 'x', version: '1' },
          paths: {
            '/a': {
              get: { parameters: [{ name: 'q', in: 'querystring' }], responses: { '204': { description: 'ok' } } },
            },
          },
        },
      },
      report,
    );
    expect(report.lines).to.deep.equal([
      'error /paths/~1a/get/parameters/0/in: parameter "q" has `in: querystring`; expected path, query, header or cookie',
    ]);
  });
});
