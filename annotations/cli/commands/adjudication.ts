/**
 * `lumbar adjudication queue` and `lumbar adjudication report`: the QA lead's adjudication queue (studies
 * with open disagreements, by priority, with counters) and the per-reader report against the final labels
 * (weighted kappa, AC2, how often overruled), as tables or JSON.
 *
 * `lumbar adjudication settings` shows or stores the adjudication settings (distance threshold, auto-final
 * rule, priority weights).
 *
 * Invariants: queue and report are read-only (decisions are made in the app); settings are the
 * database's, with `--distance-mm` / `--majority` overriding them for that run only.
 */
import { parseArgs } from 'node:util';
import { openDatabase, resolveDatabasePath } from '../../storage/database.js';
import { createAdjudicationService } from '../../services/adjudication.js';
import { DEFAULT_SETTINGS, type AdjudicationSettings, type DetectionWeights } from '../../adjudication/detect.js';
import { UsageError, type CliCommand } from '../command.js';

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  'distance-mm': { type: 'string' },
  majority: { type: 'boolean', default: false },
} as const;
const COMMON =
  '  --db PATH         the database\n  --json            JSON instead of a table\n  --distance-mm MM  point distance threshold (default: the setting, 10)\n  --majority        a strict majority is also auto-final';

function overrides(values: { 'distance-mm'?: string; majority?: boolean }): Partial<AdjudicationSettings> {
  const out: { distanceMm?: number; autoFinal?: 'majority' } = {};
  if (values['distance-mm'] !== undefined) {
    const mm = Number(values['distance-mm']);
    if (!Number.isFinite(mm) || mm <= 0) throw new UsageError(`--distance-mm must be a positive number, got '${values['distance-mm']}'`);
    out.distanceMm = mm;
  }
  if (values.majority) out.autoFinal = 'majority';
  return out;
}

const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(3));

export const adjudicationQueueCommand: CliCommand = {
  name: ['adjudication', 'queue'],
  summary: 'studies with open disagreements between readers, by priority',
  usage: `Usage: lumbar adjudication queue [--db PATH] [--json] [--distance-mm MM] [--majority]\n${COMMON}`,
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
    const db = openDatabase(resolveDatabasePath(values.db, io.env));
    try {
      const queue = createAdjudicationService(db, overrides(values)).queueOf();
      if (values.json) {
        io.out(`${JSON.stringify(queue, null, 2)}\n`);
        return 0;
      }
      const c = queue.counters;
      io.out(
        `${c.studies} studies with ${c.openCells} open cells; ${c.adjudicatedCells} adjudicated, ${c.autoFinalCells} auto-final cells; ${c.finalStudies} studies final\n`,
      );
      io.out(
        `by kind: ${Object.entries(c.byKind)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}\n`,
      );
      if (queue.items.length > 0) io.out('study\tpriority\ttotal\topen\treaders\tkinds\n');
      for (const i of queue.items) {
        const kinds = Object.entries(i.kinds)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k}:${n}`)
          .join(' ');
        io.out(`${i.studyKey}\t${i.priority}\t${i.totalPriority}\t${i.openCells}\t${i.readers}\t${kinds}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const adjudicationReportCommand: CliCommand = {
  name: ['adjudication', 'report'],
  summary: 'per reader: agreement with the final labels (weighted kappa, AC2) and how often overruled',
  usage: `Usage: lumbar adjudication report [--db PATH] [--json] [--distance-mm MM] [--majority]\n${COMMON}`,
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
    const db = openDatabase(resolveDatabasePath(values.db, io.env));
    try {
      const rows = createAdjudicationService(db, overrides(values)).reportOf();
      if (values.json) {
        io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return 0;
      }
      if (rows.length === 0) {
        io.out('no reader has graded a study yet\n');
        return 0;
      }
      io.out('reader\tsubset\tn\tkappa_linear\tkappa_quadratic\tac2_linear\tadjudicated\toverruled\n');
      for (const r of rows) {
        const share = r.overruledShare === null ? '' : ` (${(r.overruledShare * 100).toFixed(0)}%)`;
        io.out(
          `${r.reader}\t${r.subset}\t${r.n}\t${fmt(r.kappaLinear)}\t${fmt(r.kappaQuadratic)}\t${fmt(r.ac2Linear)}\t${r.adjudicated}\t${r.overruled}${share}\n`,
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const adjudicationSettingsCommand: CliCommand = {
  name: ['adjudication', 'settings'],
  summary: 'show or store the adjudication settings (distance threshold, auto-final rule, priority weights)',
  usage:
    'Usage: lumbar adjudication settings [--db PATH] [--distance-mm MM] [--auto-final unanimous|majority] [--weight KIND=N ...] [--json]\n' +
    `  --weight KIND=N   priority weight of a kind (${Object.keys(DEFAULT_SETTINGS.weights).join(', ')}); repeatable`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        'distance-mm': { type: 'string' },
        'auto-final': { type: 'string' },
        weight: { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: false,
    });
    const patch: { distanceMm?: number; autoFinal?: AdjudicationSettings['autoFinal']; weights?: DetectionWeights } = {};
    if (values['distance-mm'] !== undefined) patch.distanceMm = overrides(values).distanceMm!;
    if (values['auto-final'] !== undefined) {
      if (values['auto-final'] !== 'unanimous' && values['auto-final'] !== 'majority')
        throw new UsageError(`--auto-final must be unanimous or majority, got '${values['auto-final']}'`);
      patch.autoFinal = values['auto-final'];
    }
    const db = openDatabase(resolveDatabasePath(values.db, io.env));
    try {
      const service = createAdjudicationService(db);
      if (values.weight) {
        const weights: Record<string, number> = { ...service.settings().weights };
        for (const w of values.weight) {
          const m = /^(\w+)=(\d+(?:\.\d+)?)$/.exec(w);
          if (!m || !(m[1]! in weights))
            throw new UsageError(`--weight must be KIND=N with KIND one of ${Object.keys(weights).join(', ')}, got '${w}'`);
          weights[m[1]!] = Number(m[2]);
        }
        patch.weights = weights as unknown as DetectionWeights;
      }
      const current = Object.keys(patch).length > 0 ? service.saveSettings(patch) : service.settings();
      io.out(
        values.json
          ? `${JSON.stringify(current, null, 2)}\n`
          : `distance: ${current.distanceMm} mm\nauto-final: ${current.autoFinal}\nweights: ${Object.entries(current.weights)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')}\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
