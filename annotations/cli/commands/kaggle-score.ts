/**
 * `lumbar kaggle score --labels train.csv --submission submission.csv [--json]`: the competition metric
 * (annotations/kaggle/metric.ts). Prints the four losses and the score; `--json` prints exactly
 * {"spinal","foraminal","subarticular","any_severe_spinal","score"} (null for a term without scored rows).
 * Input errors are listed as file:line:column and exit with code 1.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatIssue } from '../../kaggle/issues.js';
import { METRIC_TERMS, scoreSubmission } from '../../kaggle/metric.js';
import { CliFailure, UsageError, type CliCommand } from '../command.js';

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliFailure(`${path}: ${(error as Error).message}`);
  }
}

export const kaggleScoreCommand: CliCommand = {
  name: ['kaggle', 'score'],
  summary: 'Score a submission against a train.csv with the competition metric',
  usage: [
    'Usage: lumbar kaggle score --labels train.csv --submission submission.csv [--json]',
    '',
    'Weighted log loss per group (spinal, foraminal, subarticular), any_severe_spinal, and their mean.',
    '  --json  print {"spinal":..,"foraminal":..,"subarticular":..,"any_severe_spinal":..,"score":..}',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        labels: { type: 'string' },
        submission: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values.labels === undefined || values.submission === undefined) {
      throw new UsageError('--labels and --submission are required');
    }
    const labelsPath = resolve(io.cwd, values.labels);
    const submissionPath = resolve(io.cwd, values.submission);
    const result = scoreSubmission(await readText(labelsPath), await readText(submissionPath), {
      labels: values.labels,
      submission: values.submission,
    });
    if (!result.ok) {
      for (const e of result.errors) io.err(`${formatIssue(e)}\n`);
      throw new CliFailure(`${result.errors.length} error(s) in the input files`);
    }
    const { scores, scored, notes } = result.value;
    if (values.json) {
      const { spinal, foraminal, subarticular, any_severe_spinal, score } = scores;
      io.out(`${JSON.stringify({ spinal, foraminal, subarticular, any_severe_spinal, score })}\n`);
      return 0;
    }
    const show = (v: number | null): string => (v === null ? 'n/a' : String(v));
    for (const term of METRIC_TERMS) {
      const unit = term === 'any_severe_spinal' ? 'studies' : 'rows';
      io.out(`${term.padEnd(18)} ${show(scores[term]).padEnd(24)} (${scored[term]} scored ${unit})\n`);
    }
    io.out(`${'score'.padEnd(18)} ${show(scores.score)}\n`);
    for (const note of notes) io.out(`note: ${note}\n`);
    return 0;
  },
};
