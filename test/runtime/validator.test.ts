import Ajv2020 from 'ajv/dist/2020.js';
import { expect } from 'chai';
import { describeIssues, messageIssues, type Validator, validationIssues } from '../../runtime/validator.js';

/** JSON Schema's `{ if, then }`. */
const conditional = (condition: unknown, consequence: unknown) =>
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword
  ({ if: condition, then: consequence });

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const compile = (schema: object) => ajv.compile(schema) as unknown as Validator;

describe('validationIssues', () => {
  const pet = compile({
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      status: { enum: ['available', 'pending', 'sold'] },
      kind: { const: 'pet' },
      'a/b': { type: 'object', additionalProperties: false },
    },
  });

  it('points at a missing or an unexpected member by name, JSON-pointer escaped', () => {
    expect(pet({ nmae: 'Rex', 'a/b': { 'c~d': 1 } })).to.equal(false);
    expect(validationIssues(pet, '/body')).to.deep.equal([
      { pointer: '/body/name', message: 'is required' },
      { pointer: '/body/nmae', message: 'is not allowed' },
      { pointer: '/body/a~1b/c~0d', message: 'is not allowed' },
    ]);
  });

  it('lists the values an enum allows, ten at most, and the one a const allows', () => {
    expect(pet({ name: 'Rex', status: 'lost', kind: 'cat' })).to.equal(false);
    expect(validationIssues(pet, '/payload')).to.deep.equal([
      { pointer: '/payload/status', message: 'must be one of "available", "pending", "sold"' },
      { pointer: '/payload/kind', message: 'must be "pet"' },
    ]);
    const digits = compile({ enum: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] });
    expect(digits(12)).to.equal(false);
    expect(validationIssues(digits)).to.deep.equal([
      { pointer: '', message: 'must be one of 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 (and 2 more)' },
    ]);
  });

  it('says each mistake once and drops if/then bookkeeping, keeping what the then part found', () => {
    const tagged = compile({
      allOf: [
        conditional({ properties: { kind: { const: 'a' } } }, { required: ['x'] }),
        conditional({ properties: { kind: { const: 'a' } } }, { required: ['x'] }),
      ],
    });
    expect(tagged({ kind: 'a' })).to.equal(false);
    expect(tagged.errors!.some((e) => e.keyword === 'if')).to.equal(true);
    expect(validationIssues(tagged)).to.deep.equal([{ pointer: '/x', message: 'is required' }]);
  });

  it('reports, of an untagged union, the alternative the value was meant for', () => {
    const node = compile({
      type: 'object',
      properties: {
        parent: {
          oneOf: [{ type: 'null' }, { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }],
        },
        label: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
      },
    });
    // The object alternative got past the type: its mistakes, not "must be null" or "must match exactly one".
    expect(node({ parent: { id: 'x' }, label: 'ok' })).to.equal(false);
    expect(validationIssues(node, '/body')).to.deep.equal([{ pointer: '/body/parent/id', message: 'must be integer' }]);
    expect(node({ parent: {} })).to.equal(false);
    expect(validationIssues(node)).to.deep.equal([{ pointer: '/parent/id', message: 'is required' }]);
    // None did: one error naming every type allowed.
    expect(node({ parent: 5, label: true })).to.equal(false);
    expect(validationIssues(node)).to.deep.equal([
      { pointer: '/parent', message: 'must be null or object' },
      { pointer: '/label', message: 'must be string, integer or null' },
    ]);
    // Ambiguous: only the union's own error says what is wrong.
    const either = compile({ oneOf: [{ type: 'integer' }, { type: 'number' }] });
    expect(either(1)).to.equal(false);
    expect(validationIssues(either)).to.deep.equal([
      { pointer: '', message: 'must match exactly one schema in oneOf' },
    ]);
  });

  it('checks a message’s headers under /headers and its payload under /payload, headers only when declared', () => {
    const payload = compile({ type: 'object', required: ['text'] });
    const headers = compile({ type: 'object', required: ['id'] });
    expect(messageIssues({ validate: payload, headers }, { headers: {}, payload: {} })).to.deep.equal([
      { pointer: '/headers/id', message: 'is required' },
      { pointer: '/payload/text', message: 'is required' },
    ]);
    expect(messageIssues({ validate: payload }, { payload: { text: 'hi' } })).to.deep.equal([]);
  });

  it('describes the issues on one line for logs', () => {
    expect(pet({ name: 1 })).to.equal(false);
    expect(describeIssues(pet, '/body')).to.equal('/body/name must be string');
  });
});
