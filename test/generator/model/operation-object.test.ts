import { expect } from 'chai';
import { checkContract } from '../../../generator/generate.js';
import { formatProblem } from '../../../generator/load/problems.js';
import {
  derivedOperationId,
  type OperationContext,
  operationObject,
} from '../../../generator/model/operation-object.js';
import { recordingReporter } from '../../helpers/reporter.js';
import { repoRoot } from '../../helpers/workspace.js';

describe('derivedOperationId', () => {
  const cases: Array<[string, string, string]> = [
    ['get', '/pets', 'getPets'],
    ['get', '/pets/{petId}/toys', 'getPetsByPetIdToys'],
    ['delete', '/v1/users/{user-id}', 'deleteV1UsersByUserId'],
    ['post', '/', 'post'],
  ];
  for (const [method, path, want] of cases)
    it(`${method} ${path} → ${want}`, () => expect(derivedOperationId(method, path)).to.equal(want));
});

describe('operationObject', () => {
  const context = (report: ReturnType<typeof recordingReporter>): OperationContext => ({
    version: '3.1',
    method: 'post',
    path: '/pets/{id}',
    pointer: '/paths/~1pets~1{id}/post',
    pathParameters: [],
    security: { global: [], declared: new Set() },
    report,
  });
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
  const body = { content: { 'application/json': { schema: { type: 'object' } } } };

  it('warns, located, when an operation can be refused as invalid but declares no 4xx or default response', () => {
    const report = recordingReporter();
    operationObject(
      { operationId: 'addToy', parameters: [id], requestBody: body, responses: { '201': {} } },
      context(report),
    );
    expect(report.lines).to.deep.equal([
      'warning /paths/~1pets~1{id}/post/responses: addToy can be refused as invalid (400 problem+json; 413, 415 for bodies) but declares no 4xx or default response; declare 400 so clients and conformance checkers expect it',
    ]);
  });

  it('is content with a 4xx code, the 4XX range or default, and with an operation that takes no input', () => {
    for (const covering of ['400', '422', '4XX', 'default']) {
      const report = recordingReporter();
      const responses = { '201': {}, [covering]: { description: 'Refused.' } };
      operationObject({ operationId: 'addToy', parameters: [id], responses }, context(report));
      expect(report.lines, covering).to.deep.equal([]);
    }
    const report = recordingReporter();
    operationObject({ operationId: 'ping', responses: { '204': {} } }, { ...context(report), path: '/ping' });
    expect(report.lines).to.deep.equal([]);
  });
});

describe('parameterList', () => {
  it('refuses, located, a parameter declared twice in one location, a header in another case included', async () => {
    const { problems } = await checkContract('test/fixtures/invalid/duplicate-parameters.yaml', repoRoot);
    expect(problems.map((p) => formatProblem(p, repoRoot))).to.deep.equal([
      'test/fixtures/invalid/duplicate-parameters.yaml:11:11 error: header parameter "x-id" (header names are case-insensitive, so it is "X-Id") is declared twice; the first is at #/paths/~1a~1{id}/get/parameters/2 (at #/paths/~1a~1{id}/get/parameters/3)',
      'test/fixtures/invalid/duplicate-parameters.yaml:13:11 error: query parameter "q" is declared twice; the first is at #/paths/~1a~1{id}/get/parameters/4 (at #/paths/~1a~1{id}/get/parameters/5)',
    ]);
  });
});
