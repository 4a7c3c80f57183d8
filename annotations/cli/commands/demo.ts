/**
 * `lumbar demo`: writes the built-in synthetic demo dataset (Kaggle layout + ground truth) to a folder.
 *
 * Invariants: never calls process.exit; option errors are UsageErrors (exit 2); prints one summary line.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateDemoDataset } from '../../demo/index.js';
import { UsageError, type CliCommand, type CliIO } from '../command.js';

const USAGE = `Usage: lumbar demo --out DIR [--studies N] [--seed S] [--axial-slices N] [--axial-continuous N]

Writes synthetic lumbar spine MRI studies with known grades in the Kaggle RSNA 2024 layout:
  DIR/train_images/{study_id}/{series_id}/{instance_number}.dcm
  DIR/train_series_descriptions.csv
  DIR/demo_ground_truth.json

Options:
  --out DIR               output folder (created if missing)
  --studies N             number of studies (default 3)
  --seed S                random seed; same seed -> identical files (default ${DEFAULT_SEED})
  --axial-slices N        axial slices through each disc (default 3)
  --axial-continuous N    one continuous axial stack of N 512x512 slices instead
  -h, --help              show this help`;

function positiveInt(name: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be an integer, got '${value}'`);
  return Number(value);
}

export const demoCommand: CliCommand = {
  name: ['demo'],
  summary: 'Write the synthetic demo dataset (lumbar MRI with ground truth)',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        studies: { type: 'string' },
        seed: { type: 'string' },
        'axial-slices': { type: 'string' },
        'axial-continuous': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    });
    if (values.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (!values.out) throw new UsageError('--out DIR is required');
    const studies = positiveInt('studies', values.studies, 3) as number;
    const seed = positiveInt('seed', values.seed, DEFAULT_SEED) as number;
    const axialSlicesPerDisc = positiveInt('axial-slices', values['axial-slices'], undefined);
    const axialContinuousSlices = positiveInt('axial-continuous', values['axial-continuous'], undefined);
    const outDir = resolve(io.cwd, values.out);
    const started = performance.now();
    let manifest;
    try {
      manifest = await generateDemoDataset({
        outDir,
        studies,
        seed,
        ...(axialSlicesPerDisc !== undefined ? { axialSlicesPerDisc } : {}),
        ...(axialContinuousSlices !== undefined ? { axialContinuousSlices } : {}),
        onStudy: (done, total) => {
          if (io.isTTY) io.err(`\rdemo: study ${done}/${total}`);
        },
      });
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    }
    if (io.isTTY) io.err('\r');
    const series = manifest.studies.reduce((n, s) => n + s.series.length, 0);
    const images = manifest.studies.reduce((n, s) => n + s.series.reduce((m, x) => m + x.instances, 0), 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.out(
      `demo: wrote ${manifest.studies.length} studies, ${series} series, ${images} images (seed ${seed}) to ${outDir} in ${seconds} s\n`,
    );
    return 0;
  },
};
