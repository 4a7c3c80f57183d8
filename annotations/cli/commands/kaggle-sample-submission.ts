/**
 * `lumbar kaggle sample-submission --labels train.csv [--out FILE]`: the uniform submission (1/3 each,
 * 25 rows per study) for the studies of a train.csv, on stdout or written atomically to FILE.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFilesAtomic } from '../../kaggle/files.js';
import { formatIssue } from '../../kaggle/issues.js';
import { sampleSubmission } from '../../kaggle/submission.js';
import { CliFailure, UsageError, type CliCommand } from '../command.js';

export const kaggleSampleSubmissionCommand: CliCommand = {
  name: ['kaggle', 'sample-submission'],
  summary: 'Write the uniform sample submission for a train.csv',
  usage: [
    'Usage: lumbar kaggle sample-submission --labels train.csv [--out FILE]',
    '',
    'One row per study and train.csv column, probabilities 1/3; stdout unless --out is given.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { labels: { type: 'string' }, out: { type: 'string' } },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values.labels === undefined) throw new UsageError('--labels is required');
    const labelsPath = resolve(io.cwd, values.labels);
    let text: string;
    try {
      text = await readFile(labelsPath, 'utf8');
    } catch (error) {
      throw new CliFailure(`${labelsPath}: ${(error as Error).message}`);
    }
    const sample = sampleSubmission(text, values.labels);
    if (!sample.ok) {
      for (const e of sample.errors) io.err(`${formatIssue(e)}\n`);
      throw new CliFailure(`${sample.errors.length} error(s) in ${values.labels}`);
    }
    if (values.out === undefined) {
      io.out(sample.value);
      return 0;
    }
    const out = resolve(io.cwd, values.out);
    await writeFilesAtomic(dirname(out), [{ name: basename(out), text: sample.value }]);
    io.err(`wrote ${out} (${sample.value.split('\n').length - 2} rows)\n`);
    return 0;
  },
};
