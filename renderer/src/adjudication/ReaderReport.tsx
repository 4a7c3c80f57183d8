/**
 * The Report tab of the adjudication screen: each reader against the final labels (auto-final and
 * adjudicated cells), overall, per condition and per level: weighted kappa (linear, quadratic), Gwet's
 * AC2 and how often an adjudication overruled the reader; an undefined statistic is "—" with the reason
 * in its tooltip. "Export CSV" downloads the same rows (full precision) as a file.
 *
 * Data: `getAdjudicationReport` (QA leads), loaded each time the tab opens; everything derived lives in
 * the pure reader-report module.
 */
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import type { AdjudicationReportRow } from '../../../annotations/contract/types';
import { bandColor } from '../agreement/agreement-view-model';
import { useSessionStore } from '../grading/session-store';
import { api } from '../transport/transport';
import { DownloadLink } from '../components/DownloadLink';
import {
  overruledDisplay,
  READER_REPORT_CSV_FILENAME,
  readerGroups,
  readerReportCsv,
  REPORT_STATISTICS,
  reportSubset,
  statisticDisplay,
  type ReaderReportGroup,
} from './reader-report';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function ReaderReport() {
  const qa = useSessionStore((s) => s.reader)!;
  const [rows, setRows] = useState<readonly AdjudicationReportRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.getAdjudicationReport({ viewerId: qa.id }).then(
      (next) => {
        if (live) setRows(next);
      },
      (e: unknown) => {
        if (live) setError(message(e));
      },
    );
    return () => {
      live = false;
    };
  }, [qa.id]);

  const groups = useMemo(() => readerGroups(rows ?? []), [rows]);

  return (
    <section className="adj-report" aria-labelledby="adj-report-title">
      <header className="adj-report-header">
        <div>
          <h2 id="adj-report-title">Readers against the final labels</h2>
          <p className="adj-report-subtitle" data-testid="adjudication-report-summary">
            {rows === null
              ? 'Loading…'
              : `${groups.length} ${groups.length === 1 ? 'reader' : 'readers'} who graded · final labels: unanimous cells, majority cells when the auto-final setting allows them, and adjudicated cells; open cells are left out`}
          </p>
        </div>
        {rows && rows.length > 0 && <CsvDownload rows={rows} />}
      </header>
      {error && (
        <p className="dialog-error" role="alert">
          Could not load the report: {error}
        </p>
      )}
      {rows === null ? (
        !error && <p className="adj-empty">Computing the report…</p>
      ) : groups.length === 0 ? (
        <div className="adj-report-empty" data-testid="adjudication-report-empty">
          <h3>No reader has graded a study yet</h3>
          <p>Each reader gets a row here as soon as they have graded a cell of a study.</p>
        </div>
      ) : (
        <ReportTable groups={groups} />
      )}
      <ReportNotes />
    </section>
  );
}

/** The report as CSV, built when the rows change. */
function CsvDownload({ rows }: { rows: readonly AdjudicationReportRow[] }) {
  const csv = useMemo(() => readerReportCsv(rows), [rows]);
  return (
    <DownloadLink content={csv} type="text/csv" filename={READER_REPORT_CSV_FILENAME}>
      Export CSV
    </DownloadLink>
  );
}

function ReportTable({ groups }: { groups: readonly ReaderReportGroup[] }) {
  return (
    <div className="adj-report-card">
      <table className="adj-report-table" aria-label="Reader report">
        <thead>
          <tr>
            <th scope="col">Reader</th>
            <th scope="col">Subset</th>
            <th scope="col" className="num" title="Cells with both a grade from the reader and a final grade">
              n
            </th>
            {REPORT_STATISTICS.map((s) => (
              <th key={s.key} scope="col" className="num" title={`${s.name}, the reader against the final labels`}>
                {s.label}
              </th>
            ))}
            <th scope="col" className="num" title="Adjudicated cells the reader had graded">
              Adjudicated
            </th>
            <th scope="col" className="num" title="Adjudicated cells decided otherwise than the reader graded them">
              Overruled
            </th>
            <th scope="col" title="Overruled / adjudicated">
              Overruled share
            </th>
          </tr>
        </thead>
        {groups.map((group) => (
          <ReaderRows key={group.readerId} group={group} />
        ))}
      </table>
    </div>
  );
}

function ReaderRows({ group }: { group: ReaderReportGroup }) {
  return (
    <tbody data-reader={group.reader}>
      {group.rows.map((row, i) => {
        const subset = reportSubset(row.subset);
        const startsGroup = i > 0 && reportSubset(group.rows[i - 1]!.subset).kind !== subset.kind;
        const overruled = overruledDisplay(row);
        const classes = [
          `adj-rep-${subset.kind}`,
          startsGroup && 'adj-rep-group-start',
          row.n === 0 && row.adjudicated === 0 && 'adj-rep-no-data',
        ];
        return (
          <tr key={row.subset} data-subset={row.subset} className={classes.filter(Boolean).join(' ')}>
            {i === 0 && (
              <th scope="rowgroup" rowSpan={group.rows.length} className="adj-rep-reader">
                {group.reader}
              </th>
            )}
            <th scope="row" className="adj-rep-subset" title={subset.label}>
              {subset.abbreviation ? (
                <>
                  <span className="adj-rep-abbr">{subset.abbreviation}</span> {subset.label}
                </>
              ) : (
                subset.label
              )}
            </th>
            <td className="num">{row.n}</td>
            {REPORT_STATISTICS.map((s) => {
              const d = statisticDisplay(row, s.key);
              return (
                <td key={s.key} className={`num${d.band ? '' : ' adj-rep-undefined'}`} title={d.title} data-statistic={s.key}>
                  {d.band && <span className="adj-rep-swatch" style={{ background: bandColor(d.band) }} />}
                  {d.text}
                </td>
              );
            })}
            <td className="num">{row.adjudicated}</td>
            <td className="num">{row.overruled}</td>
            <td
              className={`adj-rep-share${overruled.share === null ? ' adj-rep-undefined' : ''}`}
              title={overruled.title}
              data-statistic="overruledShare"
            >
              <span className="adj-rep-bar" style={{ '--share': `${Math.round(100 * (overruled.share ?? 0))}%` } as CSSProperties} />
              <span className="num">{overruled.text}</span>
            </td>
          </tr>
        );
      })}
    </tbody>
  );
}

function ReportNotes() {
  return (
    <section className="adj-report-notes" aria-label="Reading this report">
      <p>
        <b>n</b> is the number of cells with both a grade from the reader and a final grade; "not gradable" counts as no grade. <b>κw</b> is
        Cohen's weighted kappa and <b>AC2</b> Gwet's AC2, with the reader and the final labels as the two raters; the swatch is the Landis
        &amp; Koch band. When one grade dominates, kappa can be low or undefined although the reader agrees almost everywhere: read it
        beside AC2.
      </p>
      <p>
        <b>Overruled</b>: adjudicated cells the reader had graded where the QA lead's decision differs from the reader's grade (or
        not-gradable state). <b>—</b> means undefined; hover it for the reason.
      </p>
    </section>
  );
}
