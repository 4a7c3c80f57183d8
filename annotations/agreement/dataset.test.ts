/** agreement-dataset/v1 validation: every problem reported with its path, never a throw on any JSON value. */
import { describe, expect, it } from 'vitest';
import { AgreementDatasetError, indexDataset, validateAgreementDataset, type AgreementDataset } from './dataset.js';

const valid: AgreementDataset = {
  schema: 'agreement-dataset/v1',
  id: 'tiny',
  measurement: 'ordinal',
  categories: [0, 1, 2],
  raters: ['R1', 'R2'],
  items: [
    { id: 'S1:scs:L1/L2', study: 'S1', condition: 'scs', level: 'L1/L2' },
    { id: 'S1:scs:L2/L3', study: 'S1', condition: 'scs', level: 'L2/L3' },
    { id: 'S2:scs:L1/L2' },
  ],
  ratings: [
    ['S1:scs:L1/L2', 'R1', 0],
    ['S1:scs:L1/L2', 'R2', null],
    ['S1:scs:L2/L3', 'R2', 2],
  ],
};
const errorsOf = (value: unknown): string[] => {
  const r = validateAgreementDataset(value);
  return r.ok ? [] : r.errors;
};
const mutate = (f: (d: Record<string, unknown>) => void): unknown => {
  const d = structuredClone(valid) as unknown as Record<string, unknown>;
  f(d);
  return d;
};

describe('validateAgreementDataset', () => {
  it('accepts a valid dataset and indexes it (missing = -1, study defaults to the item id)', () => {
    expect(validateAgreementDataset(valid).ok).toBe(true);
    const data = indexDataset(valid);
    expect(Array.from(data.ratings)).toEqual([0, -1, -1, 2, -1, -1]);
    expect(data.studies).toEqual(['S1', 'S2:scs:L1/L2']);
    expect(Array.from(data.itemCondition)).toEqual([0, 0, -1]);
  });

  it.each([null, 42, 'text', [], [1, 2], true])('reports (does not throw on) the non-object %j', (value) => {
    expect(errorsOf(value)).toEqual(['top level: expected a JSON object']);
  });

  it.each([
    [
      'schema',
      (d: Record<string, unknown>) => (d.schema = 'agreement-dataset/v2'),
      /^schema: expected "agreement-dataset\/v1", got "agreement-dataset\/v2"/,
    ],
    ['measurement', (d: Record<string, unknown>) => (d.measurement = 'interval'), /^measurement: expected "ordinal" or "nominal"/],
    ['one category', (d: Record<string, unknown>) => (d.categories = [0]), /^categories: at least 2 categories/],
    ['duplicate category', (d: Record<string, unknown>) => (d.categories = [0, 1, 1]), /^categories\[2\]: duplicate category 1/],
    ['string codes on an ordinal scale', (d: Record<string, unknown>) => (d.categories = ['a', 'b']), /ordinal scale needs numeric codes/],
    ['labels count', (d: Record<string, unknown>) => (d.category_labels = ['x']), /^category_labels: 1 labels for 3 categories/],
    ['one rater', (d: Record<string, unknown>) => (d.raters = ['R1']), /^raters: at least 2 raters/],
    ["'|' in a rater", (d: Record<string, unknown>) => (d.raters = ['R1', 'A|B']), /^raters\[1\]: "A\|B" contains '\|'/],
    [
      'item without id',
      (d: Record<string, unknown>) => ((d.items as unknown[])[1] = { study: 'S1' }),
      /^items\[1\]\.id: expected a non-empty string, got undefined/,
    ],
    [
      'duplicate item',
      (d: Record<string, unknown>) => ((d.items as { id: string }[])[2]!.id = 'S1:scs:L1/L2'),
      /^items\[2\]\.id: duplicate item id/,
    ],
    [
      'numeric level',
      (d: Record<string, unknown>) => ((d.items as Record<string, unknown>[])[0]!.level = 3),
      /^items\[0\]\.level: expected a non-empty string, got 3/,
    ],
    ['unknown item', (d: Record<string, unknown>) => ((d.ratings as unknown[][])[1]![0] = 'nope'), /^ratings\[1\]: unknown item id "nope"/],
    [
      'unknown rater',
      (d: Record<string, unknown>) => ((d.ratings as unknown[][])[2]![1] = 'R9'),
      /^ratings\[2\]: unknown rater "R9" \(item "S1:scs:L2\/L3"\)/,
    ],
    [
      'value off the scale',
      (d: Record<string, unknown>) => ((d.ratings as unknown[][])[0]![2] = 3),
      /^ratings\[0\]: value 3 is not one of the categories \[0,1,2\] \(item "S1:scs:L1\/L2", rater "R1"\)/,
    ],
    [
      'string code for a numeric scale',
      (d: Record<string, unknown>) => ((d.ratings as unknown[][])[0]![2] = '0'),
      /^ratings\[0\]: value "0" is not one of the categories/,
    ],
    [
      'second rating',
      (d: Record<string, unknown>) => (d.ratings as unknown[][]).push(['S1:scs:L1/L2', 'R1', 1]),
      /^ratings\[3\]: a second rating of item "S1:scs:L1\/L2" by rater "R1"/,
    ],
    [
      'rating shape',
      (d: Record<string, unknown>) => ((d.ratings as unknown[])[0] = { item: 'x' }),
      /^ratings\[0\]: expected \[item id, rater, category or null\]/,
    ],
  ])('reports %s with its path', (_, change, message) => {
    const errors = errorsOf(mutate(change));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => message.test(e))).toBe(true);
  });

  it('caps the list of errors', () => {
    const errors = errorsOf(mutate((d) => (d.ratings = Array.from({ length: 100 }, () => ['x', 'R1', 0]))));
    expect(errors).toHaveLength(26);
    expect(errors.at(-1)).toBe('... and 75 more error(s)');
  });

  it('indexDataset throws an AgreementDatasetError listing the errors', () => {
    expect(() => indexDataset(mutate((d) => (d.raters = 'R1')) as AgreementDataset)).toThrow(AgreementDatasetError);
    expect(() => indexDataset(mutate((d) => (d.raters = 'R1')) as AgreementDataset)).toThrow(/raters: expected an array/);
  });
});
