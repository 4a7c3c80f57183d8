/** Read models of the index for the UI: study summaries and the full detail of one study. */
import type { Db } from '../storage/database.js';
import { createIndexRepository, type InstanceRow, type SeriesRow, type StudyRow } from '../storage/index-repository.js';
import type { InstanceInfo, SeriesDetail, SeriesSummary, StudyDetail, StudySummary } from '../contract/types.js';
import { isViewerDecodable } from '../dicom/transfer-syntax.js';
import { SERIES_TYPES, type SeriesType } from '../domain/protocol.js';

function seriesSummary(row: SeriesRow & { instances: number }): SeriesSummary {
  return {
    id: row.id,
    seriesKey: row.series_key,
    description: row.description,
    type: row.type_override ?? row.type,
    detectedType: row.type,
    typeReason: row.type_reason,
    typeOverridden: row.type_override !== null,
    instances: row.instances,
    warnings: JSON.parse(row.warnings) as string[],
  };
}

/** Warnings a reader should see before opening a study. */
export function studyWarnings(series: ReadonlyArray<Pick<SeriesSummary, 'type' | 'warnings'>>): string[] {
  const warnings: string[] = [];
  for (const type of SERIES_TYPES) {
    const count = series.filter((s) => s.type === type).length;
    if (count === 0) warnings.push(`no ${type} series`);
    else if (count > 1) warnings.push(`${count} ${type} series`);
  }
  if (series.some((s) => s.warnings.some((w) => w.includes('lack geometry')))) warnings.push('series without geometry');
  return warnings;
}

function instanceInfo(row: InstanceRow): InstanceInfo {
  const geometry =
    row.ipp && row.iop && row.row_spacing !== null && row.column_spacing !== null
      ? {
          ipp: JSON.parse(row.ipp) as [number, number, number],
          iop: JSON.parse(row.iop) as [number, number, number, number, number, number],
          pixelSpacing: [row.row_spacing, row.column_spacing] as [number, number],
          sliceThickness: row.slice_thickness,
        }
      : null;
  return {
    id: row.id,
    instanceNumber: row.instance_number,
    frame: row.frame,
    path: row.path,
    rows: row.rows,
    columns: row.columns,
    geometry,
    sliceLocation: row.slice_location,
    windowCenter: row.window_center,
    windowWidth: row.window_width,
    decodable: row.transfer_syntax !== null && isViewerDecodable(row.transfer_syntax),
  };
}

export function createStudyQueries(db: Db) {
  const repo = createIndexRepository(db);
  const demoDatasets = () =>
    new Set(
      repo
        .datasets()
        .filter((d) => d.is_demo)
        .map((d) => d.id),
    );

  function summary(studyId: number, demo: Set<number>): StudySummary | undefined {
    const study = repo.studyById(studyId);
    return study && summaryOf(study, repo.seriesOfStudy(study.id), demo);
  }

  function summaryOf(study: StudyRow, rows: ReadonlyArray<SeriesRow & { instances: number }>, demo: Set<number>): StudySummary {
    const series = rows.map(seriesSummary);
    return {
      id: study.id,
      datasetId: study.dataset_id,
      studyKey: study.study_key,
      patientName: study.patient_name,
      description: study.description,
      isDemo: demo.has(study.dataset_id),
      series,
      warnings: studyWarnings(series),
    };
  }

  return {
    listStudies(): StudySummary[] {
      const demo = demoDatasets();
      const series = repo.seriesByStudy();
      return repo.studies().map((s) => summaryOf(s, series.get(s.id) ?? [], demo));
    },
    studySummary: (studyId: number) => summary(studyId, demoDatasets()),
    getStudy(studyId: number): StudyDetail | undefined {
      const base = summary(studyId, demoDatasets());
      if (!base) return undefined;
      const series: SeriesDetail[] = base.series.map((s) => {
        const row = repo.seriesById(s.id)!;
        // Slices without geometry sort after the others, by instance number (see the repository's ORDER BY).
        return { ...s, frameOfReferenceUid: row.frame_of_reference_uid, slices: repo.seriesInstances(s.id).map(instanceInfo) };
      });
      return { ...base, series };
    },
    setSeriesType(seriesId: number, type: SeriesType | null): number | undefined {
      const row = repo.seriesById(seriesId);
      if (!row) return undefined;
      repo.setTypeOverride(seriesId, type);
      return row.study_id;
    },
  };
}
