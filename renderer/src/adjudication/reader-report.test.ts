import { describe, expect, it } from 'vitest';
import type { AdjudicationReportRow } from '../../../annotations/contract/types';
import type { FinalCell } from '../../../annotations/adjudication/final';
import type { RaterLabel } from '../../../annotations/adjudication/detect';
import { readerReport } from '../../../annotations/adjudication/report';
import { CONDITIONS, LEVELS, type Grade, type Level } from '../../../annotations/domain/protocol';
import {
  overruledDisplay,
  READER_REPORT_CSV_COLUMNS,
  readerGroups,
  readerReportCsv,
  reportSubset,
  statisticDisplay,
  undefinedReason,
} from './reader-report';

const SCS = 'Spinal Canal Stenosis' as const;
const label = (readerId: number, level: Level, grade: Grade | null, notGradable: string | null = null): RaterLabel => ({
  readerId,
  condition: SCS,
  level,
  grade,
  notGradable,
  point: null,
  position: null,
});
const final = (level: Level, grade: Grade | null, status: FinalCell['status'], notGradable: string | null = null): FinalCell => ({
  condition: SCS,
  level,
  status,
  grade,
  notGradable,
  point: null,
  kinds: [],
  priority: 0,
});

/**
 * The report the backend builds for the e2e's first study: Ada N/M/N, Bo S/M/M at L1/L2..L3/L4; the QA
 * lead marked L1/L2 not gradable and took Ada's Normal/Mild at L3/L4; L2/L3 is unanimous. Cy graded one
 * cell of another study that agrees with the final label.
 */
const rows = readerReport(
  [
    { id: 2, name: 'Dr Ada' },
    { id: 3, name: 'Dr Bo' },
    { id: 4, name: 'Dr Cy' },
    { id: 5, name: 'Dr Idle' },
  ],
  [
    {
      study: 's1',
      labels: [
        label(2, 'L1/L2', 'Normal/Mild'),
        label(2, 'L2/L3', 'Moderate'),
        label(2, 'L3/L4', 'Normal/Mild'),
        label(3, 'L1/L2', 'Severe'),
        label(3, 'L2/L3', 'Moderate'),
        label(3, 'L3/L4', 'Moderate'),
      ],
      final: [
        final('L1/L2', null, 'adjudicated', 'artefact'),
        final('L2/L3', 'Moderate', 'unanimous'),
        final('L3/L4', 'Normal/Mild', 'adjudicated'),
      ],
    },
    { study: 's2', labels: [label(4, 'L5/S1', 'Normal/Mild')], final: [final('L5/S1', 'Normal/Mild', 'unanimous')] },
  ],
);
const rowOf = (reader: string, subset = 'overall') => rows.find((r) => r.reader === reader && r.subset === subset)!;

/** Splits one CSV line into fields (RFC 4180 quoting), to read back what the export wrote. */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

describe('subsets', () => {
  it('names the overall, condition and level subsets of the report', () => {
    expect(reportSubset('overall')).toEqual({ kind: 'overall', condition: null, level: null, label: 'Overall', abbreviation: null });
    expect(reportSubset('condition=Left Neural Foraminal Narrowing')).toEqual({
      kind: 'condition',
      condition: 'Left Neural Foraminal Narrowing',
      level: null,
      label: 'Left Neural Foraminal Narrowing',
      abbreviation: 'L-NFN',
    });
    expect(reportSubset('level=L5/S1')).toMatchObject({ kind: 'level', condition: null, level: 'L5/S1', label: 'L5/S1' });
  });
});

describe('reader groups', () => {
  it('groups the rows per reader in report order, overall first, and leaves out readers who graded nothing', () => {
    const groups = readerGroups(rows);
    expect(groups.map((g) => g.reader)).toEqual(['Dr Ada', 'Dr Bo', 'Dr Cy']);
    expect(groups.map((g) => g.readerId)).toEqual([2, 3, 4]);
    for (const g of groups) {
      expect(g.rows.map((r) => r.subset)).toEqual([
        'overall',
        ...CONDITIONS.map((c) => `condition=${c}`),
        ...LEVELS.map((l) => `level=${l}`),
      ]);
      expect(g.rows.every((r) => r.readerId === g.readerId)).toBe(true);
    }
    expect(readerGroups([])).toEqual([]);
  });
});

describe('statistics and overruled share on screen', () => {
  it('formats a defined value with two decimals, a band and its n in the title', () => {
    const ada = rowOf('Dr Ada');
    expect(ada).toMatchObject({ n: 2, kappaLinear: 1, adjudicated: 2, overruled: 1, overruledShare: 0.5 });
    expect(statisticDisplay(ada, 'kappaLinear')).toEqual({
      text: '1.00',
      title: "Cohen's weighted kappa (linear weights): 1.000 over 2 cells (Landis & Koch: almost perfect)",
      band: 'almost perfect',
    });
    // Bo is overruled on both adjudicated cells; his kappa is 0 (always Moderate against a mixed final): defined.
    const bo = rowOf('Dr Bo');
    expect(bo).toMatchObject({ n: 2, adjudicated: 2, overruled: 2, overruledShare: 1 });
    expect(statisticDisplay(bo, 'kappaLinear')).toMatchObject({ text: '0.00', band: 'slight' });
    expect(overruledDisplay(bo)).toEqual({
      text: '100%',
      title: '2 of 2 cells this reader graded were decided otherwise by the QA lead',
      share: 1,
    });
    expect(overruledDisplay(rowOf('Dr Ada'))).toMatchObject({ text: '50%', share: 0.5 });
  });

  it('shows an undefined statistic as "—" and says why', () => {
    // Cy and the final labels both gave their one cell Normal/Mild: kappa is 0/0, AC2 stays defined.
    const cy = rowOf('Dr Cy');
    expect(cy).toMatchObject({ n: 1, kappaLinear: null, kappaQuadratic: null, ac2Linear: 1 });
    const kappa = statisticDisplay(cy, 'kappaQuadratic');
    expect(kappa).toEqual({
      text: '—',
      title: `Cohen's weighted kappa (quadratic weights): undefined. ${undefinedReason(1)}.`,
      band: null,
    });
    expect(kappa.title).toContain('one and the same grade');
    expect(statisticDisplay(cy, 'ac2Linear').text).toBe('1.00');
    // A subset Cy did not grade: nothing to compare at all.
    const scs = rowOf('Dr Cy', 'condition=Left Subarticular Stenosis');
    expect(scs.n).toBe(0);
    expect(statisticDisplay(scs, 'ac2Linear').title).toContain('No cell here has both a grade from this reader and a final grade');
    // No adjudicated cell: no share.
    expect(overruledDisplay(cy)).toEqual({
      text: '—',
      title: 'No adjudicated cell here that this reader graded: nothing could be overruled.',
      share: null,
    });
  });

  it('never prints NaN or a hyphen-minus for a negative value', () => {
    const negative: AdjudicationReportRow = { ...rowOf('Dr Bo'), kappaLinear: -0.3333, ac2Linear: Number.NaN };
    expect(statisticDisplay(negative, 'kappaLinear')).toMatchObject({ text: '\u22120.33', band: 'poor' });
    expect(statisticDisplay(negative, 'ac2Linear').text).toBe('—');
  });
});

describe('CSV export', () => {
  it('writes the header and one line per reader x subset, numbers in full precision, undefined values empty', () => {
    const csv = readerReportCsv(rows);
    expect(csv.endsWith('\n')).toBe(true);
    const [header, ...lines] = csv.trimEnd().split('\n');
    expect(header).toBe(
      'reader_id,reader,subset,condition,level,n,kappa_linear,kappa_quadratic,ac2_linear,adjudicated,overruled,overruled_share',
    );
    expect(lines).toHaveLength(rows.length);
    expect(lines).toHaveLength(3 * 11);
    const records = lines.map(parseCsvLine);
    expect(records.every((r) => r.length === READER_REPORT_CSV_COLUMNS.length)).toBe(true);
    const col = (name: (typeof READER_REPORT_CSV_COLUMNS)[number]) => READER_REPORT_CSV_COLUMNS.indexOf(name);
    const find = (reader: string, subset: string) => records.find((r) => r[col('reader')] === reader && r[col('subset')] === subset)!;

    expect(find('Dr Ada', 'overall')).toEqual(['2', 'Dr Ada', 'overall', '', '', '2', '1', '1', '1', '2', '1', '0.5']);
    const bo = find('Dr Bo', 'overall');
    expect(Number(bo[col('kappa_linear')])).toBe(rowOf('Dr Bo').kappaLinear);
    expect(bo[col('overruled_share')]).toBe('1');
    const cy = find('Dr Cy', 'overall');
    expect(cy[col('kappa_linear')]).toBe('');
    expect(cy[col('kappa_quadratic')]).toBe('');
    expect(cy[col('ac2_linear')]).toBe('1');
    expect(cy[col('overruled_share')]).toBe('');
    expect(find('Dr Ada', `condition=${SCS}`).slice(3, 5)).toEqual([SCS, '']);
    expect(find('Dr Ada', 'level=L3/L4').slice(3, 5)).toEqual(['', 'L3/L4']);
    expect(csv).not.toMatch(/NaN|Infinity|null|undefined/);
  });

  it('quotes names with commas or quotes and defuses formulas', () => {
    const row: AdjudicationReportRow = {
      readerId: 9,
      reader: '=Smith, "Jo"',
      subset: 'overall',
      n: 3,
      kappaLinear: 0.123456789,
      kappaQuadratic: null,
      ac2Linear: 0.5,
      adjudicated: 0,
      overruled: 0,
      overruledShare: null,
    };
    const [, line] = readerReportCsv([row]).trimEnd().split('\n');
    expect(line).toBe(`9,"'=Smith, ""Jo""",overall,,,3,0.123456789,,0.5,0,0,`);
    expect(parseCsvLine(line!)[1]).toBe(`'=Smith, "Jo"`);
  });

  it('exports just the header when no reader has graded', () => {
    expect(readerReportCsv([])).toBe(READER_REPORT_CSV_COLUMNS.join(',') + '\n');
  });
});
