/**
 * `lumbar kaggle validate DIR [--images DIR] [--json]`: checks train.csv, train_label_coordinates.csv and
 * train_series_descriptions.csv of a folder (see annotations/kaggle/validate.ts for what is checked).
 * When `DIR/train_images` exists (or `--images` is given) studies, series, instances and point bounds
 * are checked against `{study_id}/{series_id}/{instance_number}.dcm` files too.
 * Exit code: 1 when there are errors, 0 otherwise (warnings only included).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dcmjsSizeReader, folderImageIndex, readKaggleDir } from '../../kaggle/files.js';
import { formatIssue } from '../../kaggle/issues.js';
import { validateKaggleFiles } from '../../kaggle/validate.js';
import { CliFailure, UsageError, type CliCommand } from '../command.js';

/** Issues printed one per line in text mode before "... and N more". */
const TEXT_LIMIT = 200;

export const kaggleValidateCommand: CliCommand = {
  name: ['kaggle', 'validate'],
  summary: 'Check Kaggle label files (and their images) for errors and warnings',
  usage: [
    'Usage: lumbar kaggle validate DIR [--images DIR] [--json]',
    '',
    'Checks DIR/train.csv, DIR/train_label_coordinates.csv and DIR/train_series_descriptions.csv.',
    '  --images DIR  folder of {study_id}/{series_id}/{instance_number}.dcm (default: DIR/train_images if present)',
    '  --json        print {"errors":[...],"warnings":[...]} (each {file,line,column,message})',
    'Exit code 1 when there are errors, 0 when there are none (even with warnings).',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, images: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one folder');
    const dir = resolve(io.cwd, positionals[0]!);
    if (!existsSync(dir)) throw new CliFailure(`${dir}: no such folder`);
    const imagesDir = values.images !== undefined ? resolve(io.cwd, values.images) : resolve(dir, 'train_images');
    if (values.images !== undefined && !existsSync(imagesDir)) throw new CliFailure(`${imagesDir}: no such folder`);
    const index = existsSync(imagesDir) ? folderImageIndex(imagesDir, await dcmjsSizeReader()) : undefined;
    const result = validateKaggleFiles(await readKaggleDir(dir), index);
    if (values.json) {
      io.out(`${JSON.stringify(result)}\n`);
    } else {
      const print = (kind: string, list: typeof result.errors): void => {
        for (const item of list.slice(0, TEXT_LIMIT)) io.out(`${kind}: ${formatIssue(item)}\n`);
        if (list.length > TEXT_LIMIT) io.out(`... and ${list.length - TEXT_LIMIT} more ${kind}s (use --json for all)\n`);
      };
      print('error', result.errors);
      print('warning', result.warnings);
      const images = index ? ` against ${imagesDir}` : ' (no images checked)';
      io.out(`${dir}${images}: ${result.errors.length} error(s), ${result.warnings.length} warning(s)\n`);
    }
    return result.errors.length > 0 ? 1 : 0;
  },
};
