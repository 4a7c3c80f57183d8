/**
 * `lumbar agreement (--input FILE.json | --db PATH) [--bootstrap B] [--seed S] [--json]`: inter-reader agreement of an
 * `agreement-dataset/v1` file (AGREEMENT.md), as readable tables or, with --json, the report object of
 * computeAgreementReport.
 *
 * Invariants: the only file I/O of the agreement feature; bad input exits 1 with a message that says
 * what is wrong and where (file, JSON path), never a stack trace; bad options exit 2 with the usage.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { computeAgreementReport, DEFAULT_BOOTSTRAP, DEFAULT_SEED } from '../../agreement/report.js';
import { validateAgreementDataset, type AgreementDataset } from '../../agreement/dataset.js';
import { buildAgreementDataset } from '../../agreement/lumbar.js';
import { openDatabase, resolveDatabasePath } from '../../storage/database.js';
import { gradeRecordsOf } from '../../services/agreement-data.js';
import { formatAgreementReport } from '../../agreement/format.js';
import { CliFailure, UsageError, type CliCommand } from '../command.js';

const MAX_BOOTSTRAP = 1_000_000;

const USAGE = `Usage: lumbar agreement (--input FILE.json | --db PATH) [--bootstrap B] [--seed S] [--json]

Inter-reader agreement of an agreement-dataset/v1 file: percent agreement, Cohen / Fleiss / Conger /
Light kappas, Gwet AC1/AC2, Krippendorff's alpha, per reader pair and for all readers, overall and per
condition / level, with analytic and study-bootstrap 95% CIs.

Options:
  --input FILE      agreement-dataset/v1 JSON file
  --db PATH         the app's own grades instead (all readers, current values)
  --bootstrap B     bootstrap replicates, 0 to ${MAX_BOOTSTRAP} (default ${DEFAULT_BOOTSTRAP}; 0 = analytic CIs only)
  --seed S          bootstrap seed, an integer 0 to 4294967295 (default ${DEFAULT_SEED})
  --json            print the report as JSON instead of tables`;

function integerOption(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || Number(text) > max)
    throw new UsageError(`--${name} must be an integer from 0 to ${max}, got '${text}'`);
  return Number(text);
}

export const agreementCommand: CliCommand = {
  name: ['agreement'],
  summary: 'Inter-reader agreement (kappas, AC1/AC2, alpha, CIs) of a dataset',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        input: { type: 'string' },
        db: { type: 'string' },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.input === !values.db) throw new UsageError('give either --input FILE.json or --db PATH');
    const bootstrap = integerOption('bootstrap', values.bootstrap, DEFAULT_BOOTSTRAP, MAX_BOOTSTRAP);
    const seed = integerOption('seed', values.seed, DEFAULT_SEED, 4_294_967_295);
    const dataset = values.db
      ? datasetOfDb(resolveDatabasePath(values.db, io.env))
      : await datasetOfFile(resolve(io.cwd, values.input!), values.input!);
    let report;
    try {
      report = computeAgreementReport(dataset, { bootstrap, seed });
    } catch (error) {
      if (error instanceof RangeError) throw new CliFailure(error.message);
      throw error;
    }
    if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else {
      io.out(
        `${formatAgreementReport(report, {
          id: dataset.id,
          raters: dataset.raters,
          categories: dataset.categories,
          categoryLabels: dataset.category_labels,
          measurement: dataset.measurement,
          bootstrap,
          seed,
        })}\n`,
      );
    }
    return 0;
  },
};

/** The app's grades (all readers, current values) as an agreement dataset. */
function datasetOfDb(dbPath: string): AgreementDataset {
  const db = openDatabase(dbPath);
  try {
    const { records, readers, studies } = gradeRecordsOf(db);
    if (readers.length < 2) throw new CliFailure(`${dbPath}: agreement needs at least two readers with grades (found ${readers.length})`);
    return buildAgreementDataset(records, { readers, studies, id: dbPath });
  } finally {
    db.close();
  }
}

async function datasetOfFile(path: string, shown: string): Promise<AgreementDataset> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((error as Error).message);
    throw new CliFailure(`cannot read ${shown}: ${why}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliFailure(`${shown} is not valid JSON: ${(error as Error).message}`);
  }
  const checked = validateAgreementDataset(json);
  if (!checked.ok) {
    throw new CliFailure(`${shown} is not a valid agreement-dataset/v1 file:\n  - ${checked.errors.join('\n  - ')}`);
  }
  return checked.dataset;
}
