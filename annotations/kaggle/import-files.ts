/**
 * Import: the text of the three Kaggle files to a label set.
 *
 * Invariants: pure; all-or-nothing over the three files (errors of all three are reported together);
 * studies come out in numeric id order, points and series in file order, with every parsed field kept
 * (x, y as numbers). A coordinate or series row for a study that has no train.csv row is an error (the
 * grades of that study would be unknown). Exporting the result gives back the same bytes for files that
 * are canonical (sorted as the writers sort, numbers as `formatFloat` writes them), LF-normalised.
 */
import type { Grade } from '../domain/protocol.js';
import { parseCoordinatesCsv } from './coordinates-csv.js';
import { issue, type KaggleIssue, type Parsed } from './issues.js';
import { FILE_NAMES, type KaggleColumn, type KaggleFiles, type KaggleLabelSet, type KagglePoint, type KaggleSeries } from './model.js';
import { compareIds } from './numbers.js';
import { parseSeriesDescriptionsCsv } from './series-descriptions-csv.js';
import { parseTrainCsv } from './train-csv.js';

interface MutableStudy {
  studyId: string;
  grades: Map<KaggleColumn, Grade | null>;
  points: KagglePoint[];
  series: KaggleSeries[];
}

/** Reads the three files into a label set, or every error of the three. */
export function importKaggleFiles(files: KaggleFiles): Parsed<KaggleLabelSet> {
  const train = parseTrainCsv(files.train, FILE_NAMES.train);
  const coordinates = parseCoordinatesCsv(files.coordinates, FILE_NAMES.coordinates);
  const series = parseSeriesDescriptionsCsv(files.seriesDescriptions, FILE_NAMES.seriesDescriptions);
  const errors: KaggleIssue[] = [];
  for (const parsed of [train, coordinates, series]) if (!parsed.ok) errors.push(...parsed.errors);
  if (!train.ok || !coordinates.ok || !series.ok) return { ok: false, errors };

  const studies = new Map<string, MutableStudy>();
  for (const row of train.value) {
    studies.set(row.studyId, { studyId: row.studyId, grades: new Map(row.grades), points: [], series: [] });
  }
  for (const row of coordinates.value) {
    const study = studies.get(row.studyId);
    if (!study) {
      errors.push(issue(FILE_NAMES.coordinates, row.line, 1, `study ${row.studyId} has no row in ${FILE_NAMES.train}`));
      continue;
    }
    const { seriesId, instanceNumber, condition, level, x, y } = row;
    study.points.push({ seriesId, instanceNumber, condition, level, x, y });
  }
  for (const row of series.value) {
    const study = studies.get(row.studyId);
    if (!study) {
      errors.push(issue(FILE_NAMES.seriesDescriptions, row.line, 1, `study ${row.studyId} has no row in ${FILE_NAMES.train}`));
      continue;
    }
    study.series.push({ seriesId: row.seriesId, description: row.description });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { studies: [...studies.values()].sort((a, b) => compareIds(a.studyId, b.studyId)) } };
}
