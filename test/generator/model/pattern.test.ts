import { expect } from 'chai';
import { unicodeSafePattern } from '../../../generator/model/pattern.js';

describe('unicodeSafePattern', () => {
  const cases: Array<[string, string]> = [
    ['^[a-zA-Z0-9\\-\\_\\.]{1,50}$', '^[a-zA-Z0-9\\-_\\.]{1,50}$'],
    ['^https\\://\\S+$', '^https://\\S+$'],
    ['^(\\{satellite_id\\}|\\{config\\-name})$', '^(\\{satellite_id\\}|\\{config-name\\})$'],
    ['^[\\`\\"\\\']+$', '^[`"\']+$'],
    ['{id}', '\\{id\\}'],
    ['[^/:|\\000-\\037]+', '[^/:|\\x00-\\x1f]+'],
  ];
  for (const [given, expected] of cases) {
    it(`rewrites ${given} to a pattern that compiles with u and matches the same strings`, () => {
      const rewritten = unicodeSafePattern(given);
      expect(rewritten).to.equal(expected);
      const unicode = new RegExp(rewritten, 'u');
      const legacy = new RegExp(given);
      for (const sample of ['abc-_.', 'https://x', '{satellite_id}', '{config-name}', '`"\'', '{id}', 'a:b', '']) {
        expect(unicode.test(sample), sample).to.equal(legacy.test(sample));
      }
    });
  }

  it('reads \\p{Han} as the script it names', () => {
    expect(unicodeSafePattern('^[A-Za-z \\p{Han}\\p{L}-]*$')).to.equal('^[A-Za-z \\p{Script=Han}\\p{L}-]*$');
  });

  it('leaves patterns that are valid under u, or invalid either way, as written', () => {
    expect(unicodeSafePattern('^[A-Za-z \\p{Script=Han}]*$')).to.equal('^[A-Za-z \\p{Script=Han}]*$');
    expect(unicodeSafePattern('^\\d{3}$')).to.equal('^\\d{3}$');
    expect(unicodeSafePattern('(')).to.equal('(');
  });
});
