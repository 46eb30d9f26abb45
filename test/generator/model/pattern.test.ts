import { expect } from 'chai';
import { readPattern, unicodeSafePattern } from '../../../generator/model/pattern.js';

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

describe('readPattern', () => {
  it('enforces an ECMAScript pattern as written, with nothing to report', () => {
    expect(readPattern('^[a-z]+$')).to.deep.equal({ pattern: '^[a-z]+$' });
  });

  const translations: Array<[string, string, string[], string[]]> = [
    ['\\A[a-z]+\\z', '^[a-z]+$', ['abc'], ['abc\n', 'ABC', '']],
    ['\\A\\d+\\Z', '^\\d+(?=\\n?$)', ['12', '12\n'], ['12\n\n', 'a1']],
    ['^\\h{4}$', '^[0-9a-fA-F]{4}$', ['beef', '0A9f'], ['bee', 'zzzz']],
    ['^[\\h-]+$', '^[0-9a-fA-F-]+$', ['de-ad'], ['x']],
    ['^\\d++-\\w*+$', '^\\d+-\\w*$', ['12-ab', '1-'], ['-a']],
    ['^a{2}+$', '^a{2}$', ['aa'], ['a']],
  ];
  for (const [given, expected, matching, failing] of translations) {
    it(`translates ${given} from another dialect to ${expected}, with a warning`, () => {
      const reading = readPattern(given);
      expect(reading.pattern).to.equal(expected);
      expect(reading.warning).to.include('another regular-expression dialect');
      const regex = new RegExp(reading.pattern!, 'u');
      for (const sample of matching) expect(regex.test(sample), JSON.stringify(sample)).to.equal(true);
      for (const sample of failing) expect(regex.test(sample), JSON.stringify(sample)).to.equal(false);
    });
  }

  it('leaves out a pattern no dialect rule makes ECMAScript, naming it in the warning', () => {
    const reading = readPattern('^(?<name>a)(?P=name)$');
    expect(reading.pattern).to.equal(undefined);
    expect(reading.warning).to.equal(
      'pattern "^(?<name>a)(?P=name)$" is not an ECMAScript regular expression (as JSON Schema requires); it is not enforced',
    );
  });
});
