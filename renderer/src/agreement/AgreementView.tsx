/**
 * The QA lead's agreement dashboard: the chosen statistic per condition x level with margins, CI, band
 * and n; the selected subset's four statistics side by side (kappa paradox); the confusion matrix of any
 * reader pair; a reader-pair heatmap; grade distribution per reader (drift); point distances; a bootstrap
 * control; JSON and CSV export of the whole report.
 *
 * Data: `api.getAgreement({viewerId, bootstrap})`; the previous result stays on screen while a new one
 * computes. Everything derived lives in the pure agreement-view-model.
 */
import { useCallback, useEffect, useMemo, useState, type CSSProperties } from 'react';
import type { AgreementOverview } from '../../../annotations/contract/types';
import { api } from '../transport/transport';
import { useSessionStore } from '../grading/session-store';
import {
  activeReaders,
  agreementTable,
  BANDS,
  cellColor,
  confusionOf,
  conditionAbbreviation,
  DEFAULT_STAT,
  defaultScope,
  distributionBars,
  formatInterval,
  formatNumber,
  formatValue,
  MULTI_SCOPE,
  pairMatrix,
  paradoxCheck,
  pointRows,
  readerPairs,
  reportCsv,
  reportJson,
  reportStatistic,
  scopeId,
  scopeLabel,
  STAT_CHOICES,
  statCell,
  statChoice,
  subsetKey,
  subsetLabel,
  type Scope,
  type StatCell,
  type StatChoice,
  type StatChoiceId,
  type SubsetRef,
} from './agreement-view-model';
import { distributionOption, EChart, GRADE_COLORS, heatmapOption } from './charts';
import './agreement.css';
import { plural } from '../plural';
import { DownloadLink } from '../components/DownloadLink';

const BOOTSTRAP_CHOICES = [0, 200, 1000] as const;
/** Below this many studies a study-resampling bootstrap interval is not worth much (said beside it). */
const FEW_STUDIES = 10;

const formatDuration = (ms: number) => (ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${formatNumber(ms / 1000, 1)} s`);
const DEFAULT_BOOTSTRAP = 200;

interface Request {
  readonly bootstrap: number;
  readonly seq: number;
}

interface Loaded {
  readonly request: Request;
  readonly overview: AgreementOverview | null;
  readonly error: string | null;
  readonly ms: number;
}

export function AgreementView() {
  const qa = useSessionStore((s) => s.reader)!;
  const [request, setRequest] = useState<Request>({ bootstrap: DEFAULT_BOOTSTRAP, seq: 0 });
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let live = true;
    const started = performance.now();
    api.getAgreement({ viewerId: qa.id, bootstrap: request.bootstrap }).then(
      (overview) => {
        if (live) setLoaded({ request, overview, error: null, ms: performance.now() - started });
      },
      (error: unknown) => {
        if (live)
          setLoaded((previous) => ({
            request,
            overview: previous?.overview ?? null,
            error: error instanceof Error ? error.message : String(error),
            ms: performance.now() - started,
          }));
      },
    );
    return () => {
      live = false;
    };
  }, [qa.id, request]);

  const computing = loaded?.request !== request;
  const overview = loaded?.overview ?? null;

  return (
    <div className="agr-view" aria-busy={computing}>
      <header className="agr-header">
        <div className="agr-title">
          <h2>Inter-reader agreement</h2>
          {overview && <Summary overview={overview} />}
        </div>
        <div className="agr-toolbar">
          <div className="agr-segmented" role="group" aria-label="Bootstrap replicates">
            <span className="agr-segmented-label" title="Bootstrap replicates (studies resampled)">
              Bootstrap B
            </span>
            {BOOTSTRAP_CHOICES.map((b) => (
              <button
                key={b}
                type="button"
                aria-pressed={request.bootstrap === b}
                onClick={() => setRequest((r) => ({ bootstrap: b, seq: r.seq + 1 }))}
              >
                {b === 0 ? 'off' : b}
              </button>
            ))}
          </div>
          <button type="button" className="toolbar-button" onClick={() => setRequest((r) => ({ ...r, seq: r.seq + 1 }))}>
            Refresh
          </button>
          <span className={`agr-status${computing ? ' busy' : ''}`} role="status" data-testid="agreement-status">
            {computing ? `computing… (B = ${request.bootstrap})` : loaded ? `computed in ${formatDuration(loaded.ms)}` : ''}
          </span>
          {overview && <Exports overview={overview} />}
        </div>
      </header>
      {loaded?.error && (
        <p className="dialog-error agr-error" role="alert">
          Could not compute the agreement report: {loaded.error}
        </p>
      )}
      {!overview ? (
        <div className="agr-empty">{computing ? 'Computing the agreement report…' : 'No report.'}</div>
      ) : activeReaders(overview).length < 2 ? (
        <EmptyState overview={overview} />
      ) : (
        <Dashboard overview={overview} stale={computing} />
      )}
    </div>
  );
}

function Summary({ overview }: { overview: AgreementOverview }) {
  const active = activeReaders(overview);
  const overall = overview.report.subsets['overall'];
  return (
    <p className="agr-subtitle" data-testid="agreement-summary">
      {active.length} of {overview.readers.length} readers graded · {plural(overview.studies, 'study', 'studies')} ·{' '}
      {overall?.n_items_pairable ?? 0} labels graded by ≥ 2 readers ·{' '}
      {overview.bootstrap > 0 ? `bootstrap B = ${overview.bootstrap} (studies resampled, seed 1)` : 'bootstrap off (analytic CIs only)'}
    </p>
  );
}

function Exports({ overview }: { overview: AgreementOverview }) {
  const json = useMemo(() => reportJson(overview), [overview]);
  const csv = useMemo(() => reportCsv(overview), [overview]);
  return (
    <span className="agr-exports">
      <DownloadLink content={json} type="application/json" filename="agreement-report.json">
        Export JSON
      </DownloadLink>
      <DownloadLink content={csv} type="text/csv" filename="agreement-report.csv">
        Export CSV
      </DownloadLink>
    </span>
  );
}

function EmptyState({ overview }: { overview: AgreementOverview }) {
  const active = activeReaders(overview);
  return (
    <div className="agr-empty" data-testid="agreement-empty">
      <h3>Not enough readers yet</h3>
      <p>
        Agreement needs at least <b>two readers who graded</b> the same studies.{' '}
        {active.length === 0 ? 'No reader has graded anything yet.' : `So far only ${active[0]} has graded.`}
      </p>
      <p className="muted">
        Assign the same studies to several readers (Assignments tab); the dashboard fills in as soon as two of them have graded a common
        study.
      </p>
    </div>
  );
}

function Dashboard({ overview, stale }: { overview: AgreementOverview; stale: boolean }) {
  const [statId, setStatId] = useState<StatChoiceId>(DEFAULT_STAT);
  const [scopeChoice, setScopeChoice] = useState<string | null>(null);
  const [pairChoice, setPairChoice] = useState<string | null>(null);
  const [selected, setSelected] = useState<SubsetRef>({});
  const choice = statChoice(statId);

  const pairs = useMemo(() => readerPairs(overview), [overview]);
  const scopes: Scope[] = useMemo(() => (pairs.length > 1 ? [MULTI_SCOPE, ...pairs] : pairs), [pairs]);
  const scope = useMemo(() => scopes.find((s) => scopeId(s) === scopeChoice) ?? defaultScope(overview), [scopes, scopeChoice, overview]);
  const pair = pairs.find((p) => p.key === pairChoice) ?? (scope.kind === 'pair' ? scope : pairs[0]!);
  const key = subsetKey(selected);
  const subset = overview.report.subsets[key];

  const table = useMemo(() => agreementTable(overview, choice, scope), [overview, choice, scope]);
  const matrix = useMemo(() => pairMatrix(overview, key, choice), [overview, key, choice]);
  const heatmap = useMemo(() => heatmapOption(matrix, choice, subsetLabel(selected)), [matrix, choice, selected]);
  const bars = useMemo(() => distributionBars(overview), [overview]);
  const distribution = useMemo(() => distributionOption(bars.perReader, bars.perCondition), [bars]);
  const onPairClick = useCallback((id: string) => setPairChoice(id), []);
  const noOverlap = (overview.report.subsets['overall']?.n_items_pairable ?? 0) === 0;

  return (
    <div className={`agr-dashboard${stale ? ' stale' : ''}`}>
      <section className="agr-card agr-table-card" aria-labelledby="agr-table-title">
        <div className="agr-card-head">
          <h3 id="agr-table-title">
            {choice.label} by condition and level
            <span className="agr-scope">{scopeLabel(scope)}</span>
          </h3>
          <div className="agr-controls">
            <div className="agr-segmented" role="group" aria-label="Statistic">
              {STAT_CHOICES.map((c) => (
                <button key={c.id} type="button" aria-pressed={c.id === statId} onClick={() => setStatId(c.id)}>
                  {c.label}
                </button>
              ))}
            </div>
            {scopes.length > 1 && (
              <label className="agr-select">
                Readers
                <select value={scopeId(scope)} onChange={(e) => setScopeChoice(e.target.value)}>
                  {scopes.map((s) => (
                    <option key={scopeId(s)} value={scopeId(s)}>
                      {scopeLabel(s)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        </div>
        {noOverlap && (
          <p className="agr-notice" role="note">
            No label has been graded by two readers yet: every statistic below is undefined until two readers grade a common study.
          </p>
        )}
        <AgreementTableView table={table} choice={choice} scope={scope} selected={key} onSelect={setSelected} />
        <BandLegend choice={choice} />
      </section>

      <div className="agr-row agr-row-2">
        <SubsetSummary overview={overview} selected={selected} scope={scope} onReset={() => setSelected({})} />
        <section className="agr-card" aria-labelledby="agr-confusion-title">
          <div className="agr-card-head">
            <h3 id="agr-confusion-title">Confusion matrix</h3>
            <label className="agr-select">
              Pair
              <select aria-label="Reader pair" value={pair.key} onChange={(e) => setPairChoice(e.target.value)}>
                {pairs.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.a} vs {p.b}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="agr-caption">{subsetLabel(selected)} · click a table cell to change</p>
          <ConfusionTable subset={subset} pair={pair} />
        </section>
      </div>

      <div className="agr-row agr-row-charts">
        <section className="agr-card" aria-labelledby="agr-heatmap-title">
          <div className="agr-card-head">
            <h3 id="agr-heatmap-title">Reader pairs · {choice.label}</h3>
          </div>
          <p className="agr-caption">{subsetLabel(selected)} · click a pair for its confusion matrix</p>
          <EChart
            option={heatmap}
            height={Math.min(360, 70 + 58 * matrix.readers.length)}
            label={`Reader-pair heatmap of ${choice.label}`}
            testId="pair-heatmap"
            onItemClick={onPairClick}
          />
        </section>
        <section className="agr-card" aria-labelledby="agr-dist-title">
          <div className="agr-card-head">
            <h3 id="agr-dist-title">Grade distribution per reader</h3>
          </div>
          <p className="agr-caption">
            Share of each grade per reader, overall and per condition; μ = mean grade (0 Normal/Mild … 2 Severe). A reader whose bars lean
            right of the others grades more severely (drift).
          </p>
          <EChart
            option={distribution}
            height={44 + 20 * (bars.perReader.length + bars.perCondition.length)}
            label="Grade distribution per reader and condition"
            testId="grade-distribution"
          />
        </section>
      </div>

      <div className="agr-row agr-row-2">
        <PointTable overview={overview} />
        <section className="agr-card agr-notes" aria-label="Notes">
          <h3>Reading these numbers</h3>
          <p>
            <b>Kappa paradox.</b> Lumbar grades are skewed (most labels are Normal/Mild). When one grade dominates, chance agreement is high
            and kappa can be low, even 0 or undefined, although readers agree on almost every label. Read kappa beside % agreement and
            Gwet's AC2, which stay stable under skew; the selected-subset panel shows all four side by side.
          </p>
          <p>
            <b>Intervals.</b> 95% CIs are analytic where one exists (Fleiss–Cohen–Everitt for Cohen's kappa, Wald for pairwise % agreement,
            Gwet linearisation otherwise), else the bootstrap percentile interval (Krippendorff's α). The bootstrap resamples whole studies;
            with B off, α has no interval. <b>n</b> is the number of labels graded by both readers of a pair (or by ≥ 2 readers for all
            readers).
          </p>
          <p>
            <b>Undefined</b> means 0/0: every rating in that subset is the same grade (or no label was graded twice), so chance-corrected
            statistics have nothing to correct. % agreement and AC1/AC2 stay defined there.
          </p>
        </section>
      </div>
    </div>
  );
}

function cellTitle(label: string, cell: StatCell, choice: StatChoice, scope: Scope): string {
  const what = scope.kind === 'pair' ? `labels graded by both ${scope.a} and ${scope.b}` : 'labels graded by ≥ 2 readers';
  if (cell.value === null) return `${label}\n${choice.label}: undefined (${cell.hint})\nn = ${cell.n} ${what}`;
  const ci = cell.ci ? `95% CI ${formatInterval(cell.ci, choice, 3)} (${cell.ciMethod})` : '95% CI: none';
  const band = cell.band ? `\nLandis & Koch: ${cell.band}` : '';
  const dropped = cell.bootstrapUndefined > 0 ? `\n${cell.bootstrapUndefined} bootstrap replicates undefined (dropped)` : '';
  return `${label}\n${choice.label}: ${formatValue(cell.value, choice, 3)}\n${ci}${band}\nn = ${cell.n} ${what}${dropped}`;
}

function StatCellButton({
  cell,
  choice,
  scope,
  at: subsetRef,
  selected,
  onSelect,
  strong,
}: {
  cell: StatCell;
  choice: StatChoice;
  scope: Scope;
  at: SubsetRef;
  selected: string;
  onSelect: (ref: SubsetRef) => void;
  strong?: boolean;
}) {
  const key = subsetKey(subsetRef);
  const label = subsetLabel(subsetRef);
  return (
    <td className={strong ? 'agr-margin' : undefined}>
      <button
        type="button"
        className={`agr-cell${cell.value === null ? ' undefined' : ''}`}
        style={{ background: cellColor(cell, choice) }}
        aria-pressed={selected === key}
        data-subset={key}
        title={cellTitle(label, cell, choice, scope)}
        onClick={() => onSelect(subsetRef)}
      >
        <span className="agr-cell-top">
          <span className="agr-value">{formatValue(cell.value, choice)}</span>
          <span className="agr-n" data-testid="cell-n">
            n {cell.n}
          </span>
        </span>
        <span className="agr-ci">{cell.value === null ? '' : formatInterval(cell.ci, choice) || 'no CI'}</span>
        <span className="agr-band">{cell.value === null ? cell.hint : (cell.band ?? '')}</span>
      </button>
    </td>
  );
}

function AgreementTableView({
  table,
  choice,
  scope,
  selected,
  onSelect,
}: {
  table: ReturnType<typeof agreementTable>;
  choice: StatChoice;
  scope: Scope;
  selected: string;
  onSelect: (ref: SubsetRef) => void;
}) {
  const props = { choice, scope, selected, onSelect };
  return (
    <div className="agr-table-scroll">
      <table className="agr-table" aria-label="Agreement by condition and level">
        <thead>
          <tr>
            <th scope="col" className="agr-corner">
              Condition
            </th>
            {table.levels.map((level) => (
              <th key={level} scope="col">
                {level}
              </th>
            ))}
            <th scope="col" className="agr-margin-head">
              All levels
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.condition}>
              <th scope="row" title={row.condition}>
                <span className="agr-abbr">{conditionAbbreviation(row.condition)}</span>
                <span className="agr-condition">{row.condition}</span>
              </th>
              {row.cells.map((cell, l) => (
                <StatCellButton key={table.levels[l]} cell={cell} at={{ condition: row.condition, level: table.levels[l] }} {...props} />
              ))}
              <StatCellButton cell={row.margin} at={{ condition: row.condition }} strong {...props} />
            </tr>
          ))}
          <tr className="agr-margin-row">
            <th scope="row">
              <span className="agr-abbr">All</span>
              <span className="agr-condition">All conditions</span>
            </th>
            {table.levelMargins.map((cell, l) => (
              <StatCellButton key={table.levels[l]} cell={cell} at={{ level: table.levels[l] }} strong {...props} />
            ))}
            <StatCellButton cell={table.overall} at={{}} strong {...props} />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function BandLegend({ choice }: { choice: StatChoice }) {
  return (
    <div className="agr-legend" aria-label="Colour legend">
      {choice.chanceCorrected ? (
        <>
          <span className="agr-legend-title">Landis &amp; Koch (1977)</span>
          {BANDS.map((b) => (
            <span key={b.band} className="agr-legend-item">
              <span className="agr-swatch" style={{ background: b.color }} />
              {b.band} <span className="muted">{b.range}</span>
            </span>
          ))}
        </>
      ) : (
        <>
          <span className="agr-legend-title">% agreement</span>
          <span className="agr-legend-item">
            <span className="agr-swatch agr-ramp" /> 0% → 100% (no Landis &amp; Koch bands for a raw proportion)
          </span>
        </>
      )}
      <span className="agr-legend-item">
        <span className="agr-swatch" style={{ background: '#262a33' }} />
        undefined
      </span>
      <span className="agr-legend-note">Each cell: value · n labels · 95% CI · band. Margins: all levels / all conditions.</span>
    </div>
  );
}

function SubsetSummary({
  overview,
  selected,
  scope,
  onReset,
}: {
  overview: AgreementOverview;
  selected: SubsetRef;
  scope: Scope;
  onReset: () => void;
}) {
  const subset = overview.report.subsets[subsetKey(selected)];
  const paradox = paradoxCheck(subset, scope);
  return (
    <section className="agr-card" aria-labelledby="agr-summary-title" data-testid="subset-summary">
      <div className="agr-card-head">
        <h3 id="agr-summary-title">{subsetLabel(selected)}</h3>
        {subsetKey(selected) !== 'overall' && (
          <button type="button" className="link" onClick={onReset}>
            overall
          </button>
        )}
      </div>
      <p className="agr-caption">
        {scopeLabel(scope)} · {plural(subset?.n_studies ?? 0, 'study', 'studies')} · {subset?.n_items_pairable ?? 0} labels graded by ≥ 2
        readers
      </p>
      {overview.bootstrap > 0 && (subset?.n_studies ?? 0) < FEW_STUDIES && (
        <p className="agr-caption agr-warn">
          Only {plural(subset?.n_studies ?? 0, 'study', 'studies')}: the bootstrap resamples studies, so its intervals mean little until
          more studies are graded.
        </p>
      )}
      <table className="agr-stats" aria-label="Statistics of the selected subset">
        <thead>
          <tr>
            <th scope="col">Statistic</th>
            <th scope="col">Value</th>
            <th scope="col">95% CI</th>
            <th scope="col">n</th>
            <th scope="col">Band</th>
          </tr>
        </thead>
        <tbody>
          {STAT_CHOICES.map((c) => {
            const cell = statCell(subset, c, scope);
            return (
              <tr key={c.id}>
                <th scope="row" title={reportStatistic(c, scope)}>
                  {c.label}
                </th>
                <td className={`num${cell.value === null ? ' muted' : ''}`}>{formatValue(cell.value, c, 3)}</td>
                <td className="num ci">
                  {cell.value === null ? '' : formatInterval(cell.ci, c) || '—'}
                  {cell.ciMethod && <span className="agr-method">{cell.ciMethod === 'analytic' ? 'an.' : 'boot.'}</span>}
                </td>
                <td className="num">{cell.n}</td>
                <td>
                  {cell.value === null ? (
                    <span className="muted">{cell.hint}</span>
                  ) : cell.band ? (
                    <span className="agr-band-chip" style={{ background: cellColor(cell, c) }}>
                      {cell.band}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {paradox.flagged && (
        <p className="agr-paradox" role="note" data-testid="kappa-paradox">
          <b>Kappa paradox likely:</b> {Math.round(100 * paradox.dominantShare!)}% of these ratings are {paradox.dominantGrade}. Raw
          agreement is high but kappa is low: trust % agreement and AC2 here.
        </p>
      )}
    </section>
  );
}

function ConfusionTable({
  subset,
  pair,
}: {
  subset: AgreementOverview['report']['subsets'][string] | undefined;
  pair: Extract<Scope, { kind: 'pair' }>;
}) {
  const c = confusionOf(subset, pair);
  const max = Math.max(1, ...c.matrix.flat());
  return (
    <table className="agr-confusion" aria-label="Confusion matrix" data-total={c.total}>
      <thead>
        <tr>
          <th className="agr-confusion-corner" rowSpan={2} scope="col">
            <span className="muted">rows</span> {c.rowReader}
          </th>
          <th colSpan={c.categories.length} scope="colgroup" className="agr-confusion-colreader">
            {c.columnReader}
          </th>
          <th rowSpan={2} scope="col">
            Total
          </th>
        </tr>
        <tr>
          {c.categories.map((g) => (
            <th key={g} scope="col">
              <span className="agr-grade-dot" style={{ background: GRADE_COLORS[g as keyof typeof GRADE_COLORS] }} />
              {g}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {c.matrix.map((row, k) => (
          <tr key={c.categories[k]}>
            <th scope="row">
              <span className="agr-grade-dot" style={{ background: GRADE_COLORS[c.categories[k] as keyof typeof GRADE_COLORS] }} />
              {c.categories[k]}
            </th>
            {row.map((x, l) => (
              <td
                key={l}
                className={`num${k === l ? ' diagonal' : ''}${x === 0 ? ' zero' : ''}`}
                style={{ '--fill': `${Math.round((100 * x) / max)}%` } as CSSProperties}
              >
                {x}
              </td>
            ))}
            <td className="num total">{c.rowTotals[k]}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          {c.columnTotals.map((x, l) => (
            <td key={l} className="num total">
              {x}
            </td>
          ))}
          <td className="num total grand" data-testid="confusion-total">
            {c.total}
          </td>
        </tr>
        <tr>
          <td colSpan={c.categories.length + 2} className="agr-caption">
            Diagonal = agreement: {c.agreement === null ? '—' : `${formatNumber(100 * c.agreement, 1)}%`} of {c.total} labels both graded
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function PointTable({ overview }: { overview: AgreementOverview }) {
  const rows = pointRows(overview.points);
  const mm = (x: number | null) => (x === null ? '—' : formatNumber(x, 1));
  return (
    <section className="agr-card" aria-labelledby="agr-points-title">
      <div className="agr-card-head">
        <h3 id="agr-points-title">Point distances between readers</h3>
      </div>
      <p className="agr-caption">
        Distance in patient space (mm) between two readers' points on the same label; same slice = same series and instance.
      </p>
      {rows.length === 0 ? (
        <p className="agr-empty-inline">No label has a point from two readers yet (points are placed in the viewer while grading).</p>
      ) : (
        <div className="agr-points-scroll">
          <table className="agr-points" aria-label="Point distances">
            <thead>
              <tr>
                <th scope="col">Condition</th>
                <th scope="col">Level</th>
                <th scope="col" className="num">
                  Median mm
                </th>
                <th scope="col" className="num">
                  p90 mm
                </th>
                <th scope="col" className="num">
                  Same slice
                </th>
                <th scope="col" className="num" title="pairs with a distance / pairs compared">
                  n
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ condition, level, summary: s }) => (
                <tr key={`${condition}|${level}`} className={level === null ? 'agr-points-margin' : undefined}>
                  <td title={condition}>{conditionAbbreviation(condition)}</td>
                  <td>{level ?? 'all levels'}</td>
                  <td className="num">{mm(s.median_mm)}</td>
                  <td className="num">{mm(s.p90_mm)}</td>
                  <td className="num">{s.same_instance_share === null ? '—' : `${Math.round(100 * s.same_instance_share)}%`}</td>
                  <td className="num">{s.n === s.n_pairs ? s.n : `${s.n} / ${s.n_pairs}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
