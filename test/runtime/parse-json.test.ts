import { expect } from 'chai';
import { LimisError } from '../../runtime/errors.js';
import { MAX_JSON_DEPTH, parseJsonText } from '../../runtime/parse-json.js';

function refusal(text: string, declared = false): { code: string; message: string; errors?: unknown } | undefined {
  try {
    parseJsonText(text, 'the body', '/body', declared);
    return undefined;
  } catch (error) {
    expect(error).to.be.instanceOf(LimisError);
    const { code, message, errors } = error as LimisError;
    return errors ? { code, message, errors } : { code, message };
  }
}

describe('parseJsonText', () => {
  it('parses JSON, including keys that only look like prototype keys', () => {
    expect(parseJsonText('{"a":[1,{"b":null}]}', 'the body', '/body')).to.deep.equal({ a: [1, { b: null }] });
    expect(parseJsonText('{"constructor":1,"note":"__proto__"}', 'the body', '/body')).to.deep.equal({
      constructor: 1,
      note: '__proto__',
    });
    expect(parseJsonText('{"constructor":{"name":"x"}}', 'the body', '/body')).to.deep.equal({
      constructor: { name: 'x' },
    });
  });

  it('refuses text that is not JSON', () => {
    expect(refusal('{')?.code).to.equal('LIMIS_ERR_INVALID_JSON');
    expect(refusal('{')?.message).to.match(/^the body is not valid JSON: /);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, and 100,000 levels without overflowing its own stack`, () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(refusal(nested(MAX_JSON_DEPTH))).to.equal(undefined);
    expect(refusal(nested(MAX_JSON_DEPTH + 1))).to.deep.equal({
      code: 'LIMIS_ERR_INVALID_JSON',
      message: 'the body nests deeper than 64 levels',
    });
    expect(refusal(nested(100_000))?.code).to.equal('LIMIS_ERR_INVALID_JSON');
  });

  it('refuses an undeclared __proto__ key or constructor.prototype pair, pointing at it', () => {
    expect(refusal('{"a":{"__proto__":{"x":1}}}')).to.deep.equal({
      code: 'LIMIS_ERR_PROTOTYPE_KEY',
      message: 'the body has a __proto__ key at /body/a/__proto__, which the contract does not declare',
      errors: [{ pointer: '/body/a/__proto__', message: '__proto__ is not a declared property' }],
    });
    expect(refusal('[{"constructor":{"prototype":{}}}]')?.message).to.equal(
      'the body has a constructor.prototype key at /body/0/constructor, which the contract does not declare',
    );
    expect(refusal('{"a/b~":{"__proto__":1}}')?.message).to.equal(
      'the body has a __proto__ key at /body/a~1b~0/__proto__, which the contract does not declare',
    );
  });

  it('accepts those keys as data when the contract declares them', () => {
    const value = parseJsonText(
      '{"__proto__":{"x":1},"constructor":{"prototype":2}}',
      'the body',
      '/body',
      true,
    ) as Record<string, unknown>;
    expect(Object.keys(value)).to.deep.equal(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
  });
});
