/**
 * `lumbar kaggle export` and `lumbar kaggle import`: the app's grades to and from the Kaggle files.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, resolveDatabasePath } from '../../storage/database.js';
import { createKaggleIo, parseExportSource } from '../../services/kaggle-io.js';
import { ApiError } from '../../contract/contract.js';
import { formatExportSummary } from '../../kaggle/export-files.js';
import { CliFailure, UsageError, type CliCommand } from '../command.js';

function wrap<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof ApiError) throw new CliFailure(error.message);
    throw error;
  });
}

export const kaggleExportCommand: CliCommand = {
  name: ['kaggle', 'export'],
  summary: "write train.csv, train_label_coordinates.csv, train_series_descriptions.csv from the app's grades",
  usage:
    'Usage: lumbar kaggle export --out DIR [--source final[:partial]|reader:<name>|consensus[:majority|:unanimous]] [--images] [--db PATH] [--json]\n' +
    '  --source   whose labels (default: consensus:majority of all readers; "final": adjudicated and auto-final labels of\n' +
    '             studies with no open disagreement; "final:partial" also their final cells of studies still open)\n' +
    '  --images   also write train_images/{study_id}/{series_id}/{instance_number}.dcm (hard links, else copies)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        source: { type: 'string', default: 'consensus:majority' },
        images: { type: 'boolean', default: false },
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (!values.out) throw new UsageError('--out DIR is required');
    const db = openDatabase(resolveDatabasePath(values.db, io.env));
    try {
      const result = await wrap(() =>
        createKaggleIo(db).exportFiles(path.resolve(io.cwd, values.out!), parseExportSource(values.source!), { images: values.images }),
      );
      if (values.json)
        io.out(
          JSON.stringify({
            ...result.summary,
            ties: result.ties.length,
            id_map_rows: result.idMapRows,
            images: result.images,
            open_studies: result.openStudies,
          }) + '\n',
        );
      else {
        io.out(formatExportSummary(result.summary));
        if (result.ties.length > 0) {
          io.out(`${result.ties.length} cells left empty (no ${values.source} decision):\n`);
          for (const t of result.ties.slice(0, 20))
            io.out(`  ${t.studyId} ${t.column}: ${t.votes.map((v) => v.grade ?? 'empty').join(' / ')}\n`);
        }
        if (result.openStudies.length > 0)
          io.out(
            `${result.openStudies.length} studies with open disagreements ${values.source === 'final:partial' ? 'exported partially' : 'left out'}: ${result.openStudies.slice(0, 20).join(', ')}\n`,
          );
        if (result.idMapRows > 0) io.out(`id_map.csv: ${result.idMapRows} ids derived from UIDs\n`);
        if (values.images) io.out(`train_images/: ${result.images} images\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const kaggleImportCommand: CliCommand = {
  name: ['kaggle', 'import'],
  summary: 'read the three Kaggle files as the grades and points of a named reader (all or nothing)',
  usage: 'Usage: lumbar kaggle import DIR --as <reader name> [--db PATH] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { as: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new UsageError('name one folder holding the three files');
    if (!values.as?.trim()) throw new UsageError('--as <reader name> is required');
    const db = openDatabase(resolveDatabasePath(values.db, io.env));
    try {
      const result = await wrap(() => createKaggleIo(db).importFiles(path.resolve(io.cwd, positionals[0]!), values.as!.trim()));
      io.out(
        values.json
          ? JSON.stringify(result) + '\n'
          : `imported ${result.labels} labels (${result.points} points) of ${result.studies} studies as reader "${result.reader}"\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
