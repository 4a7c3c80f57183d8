import { afterEach, beforeEach, expect, it } from 'vitest';
import { indexedStudyFixture, type StudyFixture } from '../test-support/study-fixture.js';
import { createStudyQueries } from './study-queries.js';
import { createGradingService } from './grading.js';

let f: StudyFixture;
beforeEach(async () => {
  f = await indexedStudyFixture(3);
});
afterEach(() => f.cleanup());

it('lists every study as its own summary would, from one pass over the series', () => {
  const queries = createStudyQueries(f.db);
  const [, second] = queries.listStudies();
  // Study 2 gets two axial series and no Sagittal T1 (a user override).
  queries.setSeriesType(second!.series.find((s) => s.type === 'Sagittal T1')!.id, 'Axial T2');
  const listed = queries.listStudies();
  expect(listed).toHaveLength(3);
  expect(listed).toEqual(listed.map((s) => queries.studySummary(s.id)));
  expect(listed[1]!.warnings).toEqual(['no Sagittal T1 series', '2 Axial T2 series']);
  expect(listed[0]!.warnings).toEqual([]);
  expect(listed[0]!.series.map((s) => s.instances)).toEqual([5, 5, 5]);
});

it('gives the worklist the same study warnings as the study list', () => {
  const queries = createStudyQueries(f.db);
  const second = queries.listStudies()[1]!;
  queries.setSeriesType(second.series.find((s) => s.type === 'Sagittal T1')!.id, 'Axial T2');
  const grading = createGradingService(f.db);
  const reader = grading.createReader('Dr Ada', 'AA', 'reader').id;
  const lead = grading.createReader('Dr Lead', 'QA', 'qa_lead').id;
  grading.assign(lead, { mode: 'all', readerIds: [reader], replace: true });
  const items = grading.worklist(reader).items;
  expect(items.map((i) => i.warnings)).toEqual(queries.listStudies().map((s) => s.warnings));
});
