import { expect } from 'chai';
import { toArray, toBoolean, toInteger, toNumber } from 'limis/runtime';

describe('parameter coercion', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['toInteger("42")', toInteger('42'), 42],
    ['toInteger("-7")', toInteger('-7'), -7],
    ['toInteger("4.2") stays a string for the validator', toInteger('4.2'), '4.2'],
    ['toInteger("") stays a string', toInteger(''), ''],
    ['toInteger past 2^53 stays a string', toInteger('99999999999999999999'), '99999999999999999999'],
    ['toInteger(["1","2"]) stays an array', toInteger(['1', '2']), ['1', '2']],
    ['toNumber("1e3")', toNumber('1e3'), 1000],
    ['toNumber(".5")', toNumber('.5'), 0.5],
    ['toNumber("0x10") stays a string', toNumber('0x10'), '0x10'],
    ['toBoolean("true")', toBoolean('true'), true],
    ['toBoolean("false")', toBoolean('false'), false],
    ['toBoolean("1") stays a string', toBoolean('1'), '1'],
    ['toArray exploded', toArray(['1', '2'], undefined, toInteger), [1, 2]],
    ['toArray comma-joined', toArray('1,2,x', ',', toInteger), [1, 2, 'x']],
    ['toArray pipe-joined', toArray('a|b', '|'), ['a', 'b']],
    ['toArray of nothing', toArray(undefined, ','), undefined],
    ['toArray of an empty value', toArray('', ','), []],
  ];
  for (const [title, actual, expected] of cases) it(title, () => expect(actual).to.deep.equal(expected));
});
