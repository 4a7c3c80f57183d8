import { describe, expect, it } from 'vitest';
import { compareIds, formatFloat, isCanonicalFloat, isDecimalId, parseFloatStrict, parseIndex } from './numbers.js';

// [value, Python repr(value)] pairs printed by /usr/bin/python3 (pandas to_csv writes the same text).
const PYTHON_REPR: Array<[number, string]> = [
  [0.0, '0.0'],
  [-0.0, '-0.0'],
  [1.0, '1.0'],
  [261.0, '261.0'],
  [-261.0, '-261.0'],
  [322.83185840707966, '322.83185840707966'],
  [0.1, '0.1'],
  [0.0001, '0.0001'],
  [9.999999999999999e-5, '9.999999999999999e-05'],
  [1e-5, '1e-05'],
  [1.5e-7, '1.5e-07'],
  [1e-7, '1e-07'],
  [123456.789, '123456.789'],
  [1e15, '1000000000000000.0'],
  [9999999999999998.0, '9999999999999998.0'],
  [1e16, '1e+16'],
  [1.2345678901234568e17, '1.2345678901234568e+17'],
  [1e21, '1e+21'],
  [1e22, '1e+22'],
  [5e-324, '5e-324'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [2.220446049250313e-16, '2.220446049250313e-16'],
  [1 / 3, '0.3333333333333333'],
  [2 / 3, '0.6666666666666666'],
  [-1e-7, '-1e-07'],
  [100.0, '100.0'],
  [0.5, '0.5'],
];

describe('formatFloat', () => {
  it.each(PYTHON_REPR)('writes %s as Python repr %s', (value, text) => {
    expect(formatFloat(value)).toBe(text);
    expect(parseFloatStrict(text)).toBe(value);
    expect(isCanonicalFloat(text)).toBe(true);
  });
  it('refuses non-finite numbers', () => {
    expect(() => formatFloat(Number.NaN)).toThrow(RangeError);
    expect(() => formatFloat(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('parseFloatStrict', () => {
  it('accepts plain decimals and rejects anything else', () => {
    expect(parseFloatStrict('261')).toBe(261);
    expect(parseFloatStrict('2.61e2')).toBe(261);
    expect(parseFloatStrict('.5')).toBe(0.5);
    expect(parseFloatStrict('-3.')).toBe(-3);
    for (const bad of ['', ' 1', '1 ', '+1', 'NaN', 'nan', 'inf', 'Infinity', '1e999', '0x10', '1,5', '1e', '.']) {
      expect(parseFloatStrict(bad), bad).toBeUndefined();
    }
  });
  it('tells canonical texts from others', () => {
    expect(isCanonicalFloat('261')).toBe(false);
    expect(isCanonicalFloat('261.00')).toBe(false);
    expect(isCanonicalFloat('1e-7')).toBe(false);
    expect(isCanonicalFloat('0.00001')).toBe(false);
  });
});

describe('ids', () => {
  it('accepts decimal ids without leading zeros', () => {
    expect(isDecimalId('0')).toBe(true);
    expect(isDecimalId('4290709089')).toBe(true);
    expect(isDecimalId('123456789012345678901234567890')).toBe(true);
    for (const bad of ['', '01', '-1', '1.0', '1e3', ' 1', 'abc', '1.2.840.113619']) expect(isDecimalId(bad), bad).toBe(false);
  });
  it('orders ids numerically, exactly beyond 2^53', () => {
    const ids = ['10728036', '4003253', '4290709089', '9007199254740993', '9007199254740992', '7143189'];
    expect([...ids].sort(compareIds)).toEqual(['4003253', '7143189', '10728036', '4290709089', '9007199254740992', '9007199254740993']);
  });
  it('parses instance numbers as safe integers', () => {
    expect(parseIndex('8')).toBe(8);
    expect(parseIndex('08')).toBeUndefined();
    expect(parseIndex('9007199254740993')).toBeUndefined();
  });
});
