import { expect } from 'chai';
import { parameterObject } from '../../../generator/model/parameter-object.js';
import { recordingReporter } from '../../helpers/reporter.js';

describe('parameterObject', () => {
  const cases: Array<[string, unknown, unknown, string[]]> = [
    [
      'a query parameter: form style, explode by default, schema converted from 3.0',
      { name: 'limit', in: 'query', schema: { type: 'integer', nullable: true } },
      {
        name: 'limit',
        key: 'limit',
        in: 'query',
        required: false,
        description: undefined,
        deprecated: false,
        schema: { type: ['integer', 'null'] },
        style: 'form',
        explode: true,
      },
      [],
    ],
    [
      'a header parameter: key lower-cased, simple style, no explode',
      { name: 'X-Trace-Id', in: 'header', required: true, description: 'Trace.', schema: { type: 'string' } },
      {
        name: 'X-Trace-Id',
        key: 'x-trace-id',
        in: 'header',
        required: true,
        description: 'Trace.',
        deprecated: false,
        schema: { type: 'string' },
        style: 'simple',
        explode: false,
      },
      [],
    ],
    [
      'a schema given through content',
      { name: 'filter', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } },
      {
        name: 'filter',
        key: 'filter',
        in: 'query',
        required: false,
        description: undefined,
        deprecated: false,
        schema: { type: 'object' },
        style: 'form',
        explode: true,
      },
      [],
    ],
    [
      'a path parameter that is not required is reported',
      { name: 'id', in: 'path', schema: { type: 'string' } },
      'model',
      ['error /p/required: path parameter "id" must be `required: true`'],
    ],
    [
      'an unknown location is refused',
      { name: 'x', in: 'body' },
      undefined,
      ['error /p/in: parameter "x" has `in: body`; expected path, query, header or cookie'],
    ],
    [
      'a parameter without a name is refused',
      { in: 'query' },
      undefined,
      ['error /p: a parameter needs a non-empty `name`'],
    ],
    ['a parameter that is not an object is refused', 'limit', undefined, ['error /p: a parameter must be an object']],
  ];
  for (const [title, given, want, problems] of cases) {
    it(title, () => {
      const report = recordingReporter();
      const model = parameterObject(given, '3.0', '/p', report);
      if (want !== 'model') expect(model).to.deep.equal(want);
      expect(report.lines).to.deep.equal(problems);
    });
  }

  it('reads a Header Object under the name it is declared with', () => {
    const model = parameterObject({ schema: { type: 'integer' } }, '3.1', '/h', recordingReporter(), 'X-Total-Count');
    expect(model).to.deep.include({ name: 'X-Total-Count', key: 'x-total-count', in: 'header', style: 'simple' });
  });
});
