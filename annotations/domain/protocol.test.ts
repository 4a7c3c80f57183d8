import { describe, expect, it } from 'vitest';
import { CONDITION_LEVELS, columnName, gradeCode } from './protocol.js';

describe('protocol', () => {
  it('lists the 25 labels in train.csv column order', () => {
    expect(CONDITION_LEVELS).toHaveLength(25);
    expect(columnName(CONDITION_LEVELS[0]!)).toBe('spinal_canal_stenosis_l1_l2');
    expect(columnName(CONDITION_LEVELS[5]!)).toBe('left_neural_foraminal_narrowing_l1_l2');
    expect(columnName(CONDITION_LEVELS[24]!)).toBe('right_subarticular_stenosis_l5_s1');
  });
  it('codes grades on the ordinal scale', () => {
    expect(gradeCode('Normal/Mild')).toBe(0);
    expect(gradeCode('Severe')).toBe(2);
  });
});
