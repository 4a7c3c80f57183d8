import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCoordinatesCsv } from './coordinates-csv.js';
import { tokenizeCsv } from './csv.js';
import { formatIssue, type Parsed } from './issues.js';
import { parseSeriesDescriptionsCsv } from './series-descriptions-csv.js';
import { parseTrainCsv } from './train-csv.js';

const read = (name: string): string => readFileSync(new URL(`./fixtures/golden/${name}`, import.meta.url), 'utf8');
const TRAIN = read('train.csv');
const COORDS = read('train_label_coordinates.csv');
const SERIES = read('train_series_descriptions.csv');

function errors(parsed: Parsed<unknown>): string[] {
  return parsed.ok ? [] : parsed.errors.map(formatIssue);
}
/** Replaces the first occurrence of `from` on a 1-based line. */
function edit(text: string, line: number, from: string, to: string): string {
  const lines = text.split('\n');
  if (!lines[line - 1]!.includes(from)) throw new Error(`"${from}" not on line ${line}`);
  lines[line - 1] = lines[line - 1]!.replace(from, to);
  return lines.join('\n');
}
/** 1-based column of `needle` on a line of `text` (computed independently of the tokenizer). */
function col(text: string, line: number, needle: string): number {
  return text.split('\n')[line - 1]!.indexOf(needle) + 1;
}

describe('parseTrainCsv errors (file:line:column)', () => {
  it('accepts the golden file', () => {
    expect(errors(parseTrainCsv(TRAIN))).toEqual([]);
  });
  it('unknown grade', () => {
    const text = edit(TRAIN, 3, ',Moderate,', ',moderate,');
    expect(errors(parseTrainCsv(text))).toEqual([
      'train.csv:3:21: unknown grade "moderate" (expected Normal/Mild, Moderate, Severe or empty)',
    ]);
  });
  it('NaN text is not an empty cell', () => {
    const text = edit(TRAIN, 4, '7143189,,', '7143189,NaN,');
    expect(errors(parseTrainCsv(text))).toEqual(['train.csv:4:9: unknown grade "NaN" (expected Normal/Mild, Moderate, Severe or empty)']);
  });
  it('wrong header', () => {
    const text = edit(TRAIN, 1, 'spinal_canal_stenosis_l3_l4', 'spinal_canal_stenosis_l3l4');
    expect(errors(parseTrainCsv(text))).toEqual([
      `train.csv:1:${col(TRAIN, 1, 'spinal_canal_stenosis_l3_l4')}: wrong header: column 4 is "spinal_canal_stenosis_l3l4", expected "spinal_canal_stenosis_l3_l4"`,
    ]);
    const short = edit(TRAIN, 1, ',right_subarticular_stenosis_l5_s1', '');
    expect(errors(parseTrainCsv(short))[0]).toBe(
      `train.csv:1:${short.indexOf('\n') + 1}: wrong header: 25 columns, expected 26 (missing "right_subarticular_stenosis_l5_s1")`,
    );
  });
  it('duplicate study', () => {
    const text = `${TRAIN}${TRAIN.split('\n')[1]}\n`;
    expect(errors(parseTrainCsv(text))).toEqual(['train.csv:7:1: duplicate study_id 4003253 (first on line 2)']);
  });
  it('truncated line and extra field', () => {
    const line4 = TRAIN.split('\n')[3]!;
    const truncated = edit(TRAIN, 4, line4, line4.slice(0, line4.lastIndexOf(',', line4.lastIndexOf(',') - 1)));
    expect(errors(parseTrainCsv(truncated))).toEqual([
      `train.csv:4:${line4.lastIndexOf(',', line4.lastIndexOf(',') - 1) + 1}: expected 26 fields, found 24 (truncated line?)`,
    ]);
    const extra = edit(TRAIN, 6, 'Normal/Mild,,,,,', 'Normal/Mild,,,,,,');
    expect(errors(parseTrainCsv(extra))).toEqual([`train.csv:6:${extra.split('\n')[5]!.length + 1}: expected 26 fields, found 27`]);
  });
  it('quotes', () => {
    const text = edit(TRAIN, 2, '4003253,Normal/Mild', '4003253,"Normal/Mild"');
    expect(errors(parseTrainCsv(text))).toEqual(['train.csv:2:9: quotes are not allowed (Kaggle files never quote fields)']);
  });
  it('non-numeric and leading-zero ids', () => {
    const text = edit(edit(TRAIN, 2, '4003253', 'abc'), 5, '10728036', '010728036');
    expect(errors(parseTrainCsv(text))).toEqual([
      'train.csv:2:1: study_id "abc" is not a decimal integer',
      'train.csv:5:1: study_id "010728036" is not a decimal integer',
    ]);
  });
  it('empty lines and empty files', () => {
    expect(errors(parseTrainCsv(TRAIN.replace('\n4646740', '\n\n4646740')))).toEqual(['train.csv:3:1: empty line']);
    expect(errors(parseTrainCsv(`${TRAIN}\n`))).toEqual(['train.csv:7:1: empty line']);
    expect(errors(parseTrainCsv(''))).toEqual(['train.csv:1:1: empty file (expected a header line)']);
    expect(errors(parseTrainCsv('\ufeff'))).toEqual(['train.csv:1:1: empty file (expected a header line)']);
  });
  it('a carriage return inside a line', () => {
    expect(errors(parseTrainCsv(edit(TRAIN, 2, '4003253,', '4003253\r,')))).toEqual(['train.csv:2:8: carriage return inside a line']);
  });
  it('accepts CRLF, a BOM and a missing final newline', () => {
    const crlf = `\ufeff${TRAIN.replaceAll('\n', '\r\n')}`;
    const parsed = parseTrainCsv(crlf.slice(0, -2));
    expect(parsed.ok && parsed.value.map((r) => r.studyId)).toEqual(['4003253', '4646740', '7143189', '10728036', '4290709089']);
  });
  it('reports every error of a file, under the file name given', () => {
    const text = edit(edit(TRAIN, 2, ',Moderate,', ',Mod,'), 3, ',Severe,', ',severe,');
    expect(errors(parseTrainCsv(text, 'reader2/train.csv')).map((e) => e.split(': ')[0])).toEqual([
      'reader2/train.csv:2:105',
      'reader2/train.csv:3:30',
    ]);
  });
});

describe('parseCoordinatesCsv errors', () => {
  it('accepts the golden file', () => {
    expect(errors(parseCoordinatesCsv(COORDS))).toEqual([]);
  });
  it('bad numbers', () => {
    let text = edit(COORDS, 2, '322.83185840707966', 'abc');
    text = edit(text, 3, '295.7869822485207', 'nan');
    text = edit(text, 4, '323.03030303030306', '1e999');
    expect(errors(parseCoordinatesCsv(text))).toEqual([
      'train_label_coordinates.csv:2:49: x "abc" is not a finite decimal number',
      `train_label_coordinates.csv:3:${col(COORDS, 3, '295.786')}: y "nan" is not a finite decimal number`,
      'train_label_coordinates.csv:4:49: x "1e999" is not a finite decimal number',
    ]);
  });
  it('non-numeric ids and instance numbers', () => {
    let text = edit(COORDS, 2, '4003253,702807833,8,', '4003253,7028O7833,8.0,');
    expect(errors(parseCoordinatesCsv(text))).toEqual([
      'train_label_coordinates.csv:2:9: series_id "7028O7833" is not a decimal integer',
      'train_label_coordinates.csv:2:19: instance_number "8.0" is not a decimal integer',
    ]);
    text = edit(COORDS, 5, '4003253', '-4003253');
    expect(errors(parseCoordinatesCsv(text))).toEqual(['train_label_coordinates.csv:5:1: study_id "-4003253" is not a decimal integer']);
  });
  it('unknown condition and level strings', () => {
    const text = edit(edit(COORDS, 2, 'Spinal Canal Stenosis', 'spinal canal stenosis'), 7, 'L1/L2', 'L1-L2');
    expect(errors(parseCoordinatesCsv(text))).toEqual([
      'train_label_coordinates.csv:2:21: unknown condition "spinal canal stenosis" (expected Spinal Canal Stenosis, Left Neural Foraminal Narrowing, Right Neural Foraminal Narrowing, Left Subarticular Stenosis, Right Subarticular Stenosis)',
      `train_label_coordinates.csv:7:${col(COORDS, 7, 'L1/L2')}: unknown level "L1-L2" (expected L1/L2, L2/L3, L3/L4, L4/L5, L5/S1)`,
    ]);
  });
  it('duplicate coordinate row (same study, series, instance, condition, level)', () => {
    const row = COORDS.split('\n')[3]!;
    const text = `${COORDS}${row.replace(/,[^,]*,[^,]*$/, ',1.0,2.0')}\n`;
    expect(errors(parseCoordinatesCsv(text))).toEqual([
      'train_label_coordinates.csv:72:1: duplicate row for study 4003253, series 702807833, instance 8, Spinal Canal Stenosis L3/L4 (first on line 4)',
    ]);
  });
  it('wrong header (columns swapped) and truncated line', () => {
    const header = edit(COORDS, 1, 'condition,level', 'level,condition');
    expect(errors(parseCoordinatesCsv(header))).toEqual([
      'train_label_coordinates.csv:1:36: wrong header: column 4 is "level", expected "condition"',
    ]);
    const truncated = edit(COORDS, 9, ',383.5', '');
    expect(errors(parseCoordinatesCsv(truncated))).toEqual([
      `train_label_coordinates.csv:9:${truncated.split('\n')[8]!.length + 1}: expected 7 fields, found 6 (truncated line?)`,
    ]);
  });
  it('quoted fields', () => {
    const text = edit(COORDS, 2, 'Spinal Canal Stenosis', '"Spinal Canal Stenosis"');
    expect(errors(parseCoordinatesCsv(text))).toEqual([
      'train_label_coordinates.csv:2:21: quotes are not allowed (Kaggle files never quote fields)',
    ]);
  });
});

describe('parseSeriesDescriptionsCsv errors', () => {
  it('accepts the golden file', () => {
    expect(errors(parseSeriesDescriptionsCsv(SERIES))).toEqual([]);
  });
  it('unknown description, duplicate row, bad id', () => {
    let text = edit(SERIES, 2, 'Sagittal T2/STIR', 'Sagittal T2');
    text = `${text}4003253,1054713880,Sagittal T1\n`;
    text = edit(text, 4, '2448190387', '2448190387x');
    expect(errors(parseSeriesDescriptionsCsv(text))).toEqual([
      'train_series_descriptions.csv:2:19: unknown series_description "Sagittal T2" (expected Sagittal T1, Sagittal T2/STIR or Axial T2)',
      'train_series_descriptions.csv:4:9: series_id "2448190387x" is not a decimal integer',
      'train_series_descriptions.csv:15:1: duplicate row for study 4003253, series 1054713880 (first on line 3)',
    ]);
  });
  it('wrong header', () => {
    expect(errors(parseSeriesDescriptionsCsv(SERIES.replace('series_description', 'description')))).toEqual([
      'train_series_descriptions.csv:1:20: wrong header: column 3 is "description", expected "series_description"',
    ]);
  });
});

describe('tokenizeCsv', () => {
  it('tracks line and column of every field', () => {
    const parsed = tokenizeCsv('\ufeffa,bb,c\r\n1,,333\n', 'x.csv');
    expect(parsed.ok && parsed.value.records[0]).toEqual({ line: 2, fields: ['1', '', '333'], columns: [1, 3, 4] });
    expect(parsed.ok && parsed.value.header.columns).toEqual([1, 3, 6]);
  });
  it('stops after the error cap', () => {
    const text = `a,b\n${'1\n'.repeat(500)}`;
    expect(errors(tokenizeCsv(text, 'x.csv'))).toHaveLength(100);
  });
});
