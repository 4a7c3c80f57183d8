/**
 * The app's own grades as agreement-engine input: every reader's current label per study, condition and
 * level ("not gradable" and empty cells are missing ratings). QA leads' own grades are not a reader's.
 */
import type { Db } from '../storage/database.js';
import { createGradingRepository, pointOfRow } from '../storage/grading-repository.js';
import { createInstanceGeometryLookup } from './instance-geometry.js';
import { createIndexRepository } from '../storage/index-repository.js';
import { buildAgreementDataset, type GradeRecord } from '../agreement/lumbar.js';
import { computeAgreementReport } from '../agreement/report.js';
import { pointAgreement, type GeometryLookup, type PointRecord } from '../agreement/points.js';
import type { AgreementOverview, GradeDistributionRow } from '../contract/types.js';
import { CONDITIONS, type Condition, type Grade, type Level } from '../domain/protocol.js';

export function gradeRecordsOf(db: Db): { records: GradeRecord[]; readers: string[]; studies: string[] } {
  const grading = createGradingRepository(db);
  const index = createIndexRepository(db);
  const readers = grading.readers().filter((r) => r.role === 'reader');
  const names = new Map(readers.map((r) => [r.id, r.name]));
  const studyKeys = new Map(index.studies().map((s) => [s.id, s.study_key]));
  const records: GradeRecord[] = grading
    .allLabels()
    .filter((l) => names.has(l.reader_id) && studyKeys.has(l.study_id))
    .map((l) => ({
      reader: names.get(l.reader_id)!,
      study: studyKeys.get(l.study_id)!,
      condition: l.condition as Condition,
      level: l.level as Level,
      grade: (l.grade as Grade | null) ?? null,
    }));
  const studies = [...new Set(records.map((r) => r.study))];
  return { records, readers: readers.map((r) => r.name), studies };
}

/** The QA dashboard's data: the full report, grade distributions per reader, point distances. */
export function agreementOverview(db: Db, bootstrap: number): AgreementOverview {
  const { records, readers, studies } = gradeRecordsOf(db);
  // Nothing graded yet: an empty report (the dashboard says so) rather than an invalid dataset.
  const report =
    records.length === 0
      ? { subsets: {} }
      : computeAgreementReport(buildAgreementDataset(records, { readers, studies }), { bootstrap, seed: 1 });
  const grading = createGradingRepository(db);
  const index = createIndexRepository(db);
  const names = new Map(
    grading
      .readers()
      .filter((r) => r.role === 'reader')
      .map((r) => [r.id, r.name]),
  );
  const studyKeys = new Map(index.studies().map((s) => [s.id, s.study_key]));
  const labels = grading.allLabels().filter((l) => names.has(l.reader_id));

  const distribution = new Map<string, GradeDistributionRow>();
  for (const reader of readers) {
    for (const condition of CONDITIONS)
      distribution.set(`${reader}|${condition}`, {
        reader,
        condition,
        counts: { 'Normal/Mild': 0, Moderate: 0, Severe: 0, 'not gradable': 0 },
      });
  }
  for (const l of labels) {
    const row = distribution.get(`${names.get(l.reader_id)}|${l.condition}`);
    if (!row) continue;
    const counts = row.counts as Record<string, number>;
    if (l.grade) counts[l.grade]!++;
    else if (l.not_gradable) counts['not gradable']!++;
  }

  const points: PointRecord[] = labels.flatMap((l) => {
    const point = pointOfRow(l);
    if (!point) return [];
    const study = studyKeys.get(l.study_id) ?? String(l.study_id);
    return [{ reader: names.get(l.reader_id)!, study, condition: l.condition, level: l.level, ...point, seriesId: String(point.seriesId) }];
  });
  const geometryOf = createInstanceGeometryLookup(index);
  const geometry: GeometryLookup = (_study, seriesId, instanceNumber) => geometryOf(Number(seriesId), instanceNumber);
  return {
    readers,
    studies: studies.length,
    bootstrap,
    report,
    gradeDistribution: [...distribution.values()],
    points: pointAgreement(points, geometry).summaries,
  };
}
