import { expect } from 'chai';
import { querystringParameters } from '../../../generator/model/querystring.js';
import { recordingReporter } from '../../helpers/reporter.js';

const form = (schema: unknown) => ({ 'application/x-www-form-urlencoded': { schema } });

describe('querystringParameters (generator/model/querystring)', () => {
  it('reads a form querystring as its object’s properties, each a required-as-declared query parameter', () => {
    const report = recordingReporter();
    const named = (name: string) =>
      name === 'Filter'
        ? { type: 'object', required: ['q'], properties: { q: { type: 'string' }, n: { type: 'integer' } } }
        : undefined;
    const parameters = querystringParameters(
      { name: 'filter', in: 'querystring', content: form({ $ref: '#/components/schemas/Filter' }) },
      '3.2',
      '/p',
      report,
      named,
    );
    expect(parameters.map((p) => [p.in, p.name, p.required, p.style, p.explode, p.schema])).to.deep.equal([
      ['query', 'q', true, 'form', true, { type: 'string' }],
      ['query', 'n', false, 'form', true, { type: 'integer' }],
    ]);
    expect(report.lines).to.deep.equal([]);
  });

  it('says what it cannot keep: extra keys, another media type, a schema without properties', () => {
    const report = recordingReporter();
    const none = () => undefined;
    querystringParameters(
      { name: 'a', content: form({ type: 'object', properties: { x: {} }, additionalProperties: true }) },
      '3.2',
      '/a',
      report,
      none,
    );
    expect(
      querystringParameters({ name: 'b', content: { 'application/json': { schema: {} } } }, '3.2', '/b', report, none),
    ).to.deep.equal([]);
    expect(
      querystringParameters({ name: 'c', content: form({ type: 'string' }) }, '3.2', '/c', report, none),
    ).to.deep.equal([]);
    expect(report.lines).to.deep.equal([
      'warning /a/content: querystring parameter "a": keys beyond its schema\'s properties are not passed to the action',
      'warning /b/content: querystring parameter "b" is read only as application/x-www-form-urlencoded; with application/json it is left out',
      'warning /c/content: querystring parameter "c" is read as the properties of an object schema; this one has none, so it is left out',
    ]);
  });
});
