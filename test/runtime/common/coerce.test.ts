import { expect } from 'chai';
import { toArray, toBigInt, toBoolean, toInteger, toNumber } from 'limis/runtime';

describe('parameter coercion', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['toInteger("42")', toInteger('42'), 42],
    ['toInteger("-7")', toInteger('-7'), -7],
    ['toInteger("4.2") stays a string for the validator', toInteger('4.2'), '4.2'],
    ['toInteger("") stays a string', toInteger(''), ''],
    // Rounded, so the validator's safe-integer bound refuses it saying why, rather than "must be integer".
    ['toInteger past 2^53 is the number the validator refuses', toInteger('99999999999999999999'), 1e20],
    ['toBigInt past 2^53 is exact', toBigInt('99999999999999999999'), 99999999999999999999n],
    ['toBigInt("-7")', toBigInt('-7'), -7n],
    ['toBigInt("1.5") stays a string for the validator', toBigInt('1.5'), '1.5'],
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
