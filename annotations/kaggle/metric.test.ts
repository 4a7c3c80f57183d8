import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue, unwrap, type Parsed } from './issues.js';
import { EPS, scoreSubmission, type MetricResult } from './metric.js';
import { sampleSubmission } from './submission.js';

const fixture = (path: string): string => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');

interface ReferenceCase {
  labels: string;
  submission: string;
  spinal: number | null;
  foraminal: number | null;
  subarticular: number | null;
  any_severe_spinal: number | null;
  score: number | null;
}
const REFERENCE = JSON.parse(fixture('metric/reference.json')) as ReferenceCase[];
const TERMS = ['spinal', 'foraminal', 'subarticular', 'any_severe_spinal', 'score'] as const;

function close(actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
}

describe('the metric agrees with the scikit-learn reference (fixtures/make_metric_reference.py)', () => {
  it('has the expected reference cases', () => {
    expect(REFERENCE).toHaveLength(10);
    expect(EPS).toBe(Number.EPSILON);
  });
  it.each(REFERENCE.map((c) => [`${c.submission} vs ${c.labels}`, c] as const))('%s', (_, c) => {
    const result = unwrap(scoreSubmission(fixture(`metric/${c.labels}`), fixture(`metric/${c.submission}`)));
    for (const term of TERMS) {
      expect(close(result.scores[term], c[term]), `${term}: ${result.scores[term]} vs ${c[term]}`).toBe(true);
    }
  });
  it('reports empty groups as null with a note, never NaN', () => {
    const result = unwrap(scoreSubmission(fixture('metric/labels_no_spinal.csv'), fixture('metric/submission_uniform.csv')));
    expect(result.scores.spinal).toBeNull();
    expect(result.scores.any_severe_spinal).toBeNull();
    expect(result.scores.score).toBeCloseTo(Math.log(3), 14);
    expect(result.notes).toEqual([
      'spinal: no scored rows (every cell of the group is empty); left out of the score',
      'any_severe_spinal: no scored study (no study has a labelled spinal cell); left out of the score',
      'score: mean of the 2 terms with scored rows',
    ]);
    expect(result.scored.spinal).toBe(0);
  });
});

describe('the metric by hand on the golden train.csv', () => {
  const train = fixture('golden/train.csv');
  it('scores the uniform sample submission ln 3 per group; any_severe_spinal over studies with spinal labels', () => {
    const result = unwrap(scoreSubmission(train, unwrap(sampleSubmission(train))));
    expect(result.scores.spinal).toBeCloseTo(Math.log(3), 14);
    expect(result.scores.foraminal).toBeCloseTo(Math.log(3), 14);
    expect(result.scores.subarticular).toBeCloseTo(Math.log(3), 14);
    // Studies with scored spinal rows: 4003253 (no Severe, w 1), 4646740 (Severe, w 4), 10728036 (Severe, w 4).
    const expected = -(1 * Math.log(1 - 1 / 3) + 4 * Math.log(1 / 3) + 4 * Math.log(1 / 3)) / 9;
    expect(result.scores.any_severe_spinal).toBeCloseTo(expected, 14);
    expect(result.scored).toEqual({ spinal: 12, foraminal: 29, subarticular: 29, any_severe_spinal: 3 });
    expect(result.scores.score).toBeCloseTo((3 * Math.log(3) + expected) / 4, 14);
  });
  it('renormalises rows but takes the raw severe value for any_severe_spinal', () => {
    const sample = unwrap(sampleSubmission(train));
    const scaled = sample.replaceAll(',0.3333333333333333,0.3333333333333333,0.3333333333333333', ',2,2,2');
    const result = unwrap(scoreSubmission(train, scaled));
    expect(result.scores.spinal).toBeCloseTo(Math.log(3), 14);
    // q = 2 clipped to 1 - eps: studies without Severe pay -ln(eps), studies with Severe pay ~0.
    expect(result.scores.any_severe_spinal).toBeCloseTo((1 * -Math.log(EPS) + 8 * -Math.log(1 - EPS)) / 9, 12);
  });
});

function errors(parsed: Parsed<MetricResult>): string[] {
  return parsed.ok ? [] : parsed.errors.map(formatIssue);
}

describe('metric input errors', () => {
  const train = fixture('golden/train.csv');
  const sample = fixture('golden/sample_submission.csv');
  const replaceLine = (text: string, line: number, to: string): string => {
    const lines = text.split('\n');
    lines[line - 1] = to;
    return lines.join('\n');
  };
  it('non-numeric, negative, non-finite and empty values, with file:line:column', () => {
    let sub = replaceLine(sample, 2, '4003253_left_neural_foraminal_narrowing_l1_l2,abc,0.5,0.5');
    sub = replaceLine(sub, 3, '4003253_left_neural_foraminal_narrowing_l2_l3,0.5,-0.1,0.5');
    sub = replaceLine(sub, 4, '4003253_left_neural_foraminal_narrowing_l3_l4,0.5,0.5,inf');
    sub = replaceLine(sub, 5, '4003253_left_neural_foraminal_narrowing_l4_l5,NaN,,1e999');
    sub = replaceLine(sub, 6, '4003253_left_neural_foraminal_narrowing_l5_s1,0,0,0.0');
    expect(errors(scoreSubmission(train, sub))).toEqual([
      'submission.csv:2:47: non-numeric value "abc"',
      'submission.csv:3:51: negative value -0.1',
      'submission.csv:4:55: non-finite value "inf"',
      'submission.csv:5:47: non-finite value "NaN"',
      'submission.csv:5:51: empty value (expected a number)',
      'submission.csv:5:52: non-finite value "1e999"',
      'submission.csv:6:47: probabilities sum to 0 (the row cannot be renormalised)',
    ]);
  });
  it('missing, duplicate and unknown row_ids', () => {
    const lines = sample.split('\n');
    const sub = [...lines.slice(0, 3), lines[2], '99_spinal_canal_stenosis_l1_l2,1,0,0', ...lines.slice(5)].join('\n');
    expect(errors(scoreSubmission(train, sub, { labels: 'labels/train.csv', submission: 'sub.csv' }))).toEqual([
      'sub.csv:4:1: duplicate row_id 4003253_left_neural_foraminal_narrowing_l2_l3 (first on line 3)',
    ]);
    const sub2 = [...lines.slice(0, 3), '99_spinal_canal_stenosis_l1_l2,1,0,0', ...lines.slice(5)].join('\n');
    expect(errors(scoreSubmission(train, sub2, { labels: 'labels/train.csv', submission: 'sub.csv' }))).toEqual([
      'labels/train.csv:2:93: row_id 4003253_left_neural_foraminal_narrowing_l3_l4 is missing from sub.csv',
      'labels/train.csv:2:105: row_id 4003253_left_neural_foraminal_narrowing_l4_l5 is missing from sub.csv',
      'sub.csv:4:1: unknown row_id 99_spinal_canal_stenosis_l1_l2 (not a study and column of labels/train.csv)',
    ]);
  });
  it('summarises long lists of missing row_ids', () => {
    const result = errors(scoreSubmission(train, 'row_id,normal_mild,moderate,severe\n'));
    expect(result).toHaveLength(101);
    expect(result.at(-1)).toBe('submission.csv:1:1: 125 row_ids of train.csv are missing in all');
  });
  it('extra, missing and repeated columns; any column order is accepted', () => {
    expect(
      errors(scoreSubmission(train, sample.replace('row_id,normal_mild,moderate,severe', 'row_id,normal_mild,moderate,severe,any'))),
    ).toEqual(['submission.csv:1:36: extra column "any" (expected row_id,normal_mild,moderate,severe)']);
    expect(errors(scoreSubmission(train, 'row_id,normal_mild,moderate,moderate\n'))).toEqual([
      'submission.csv:1:29: column "moderate" appears twice',
      'submission.csv:1:1: missing column "severe" (expected row_id,normal_mild,moderate,severe)',
    ]);
    const reordered = sample
      .split('\n')
      .map((l) => (l === '' ? l : l.split(',').reverse().join(',')))
      .join('\n');
    const a = unwrap(scoreSubmission(train, sample));
    const b = unwrap(scoreSubmission(train, reordered));
    expect(b.scores).toEqual(a.scores);
  });
  it('reports errors of the labels file too', () => {
    expect(errors(scoreSubmission(train.replace('Moderate', 'moderate'), sample))[0]).toMatch(
      /^train\.csv:2:105: unknown grade "moderate"/,
    );
  });
});

describe('sampleSubmission', () => {
  it('matches the hand-written sample for the golden train.csv', () => {
    expect(unwrap(sampleSubmission(fixture('golden/train.csv')))).toBe(fixture('golden/sample_submission.csv'));
  });
  it('reads CRLF + BOM train files', () => {
    expect(unwrap(sampleSubmission(fixture('crlf-bom/train.csv')))).toBe(fixture('golden/sample_submission.csv'));
  });
  it('passes on train.csv errors', () => {
    expect(sampleSubmission('study_id\n1\n').ok).toBe(false);
  });
});
