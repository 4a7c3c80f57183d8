/**
 * `lumbar import <folder>...`: index DICOM folders (headers only) into the database; `lumbar list`: print
 * the index. Exit code of import is non-zero only when nothing could be indexed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, resolveDatabasePath } from '../../storage/database.js';
import { importDataset, type ImportSummary } from '../../importer/indexer.js';
import { createStudyQueries } from '../../services/study-queries.js';
import { UsageError, type CliCommand, type CliIO } from '../command.js';

function progressBar(io: CliIO) {
  let last = 0;
  return (p: { phase: string; filesSeen: number; filesRead: number }) => {
    if (!io.isTTY) return;
    const now = Date.now();
    if (now - last < 100 && p.phase !== 'done') return;
    last = now;
    const width = 30;
    const ratio = p.filesSeen > 0 ? Math.min(1, p.filesRead / p.filesSeen) : 0;
    const bar = '#'.repeat(Math.round(ratio * width)).padEnd(width, '.');
    io.out(`\r${p.phase.padEnd(9)} [${bar}] ${p.filesRead}/${p.filesSeen} files`);
    if (p.phase === 'done') io.out('\n');
  };
}

function summaryText(s: ImportSummary): string {
  const lines = [
    `${s.root} (${s.layout} layout): ${s.studies} studies, ${s.series} series, ${s.instances} images`,
    `  read ${s.read} files, ${s.skipped} unchanged, ${s.missing} missing, ${s.problems.length} problems, ${(s.elapsedMs / 1000).toFixed(1)} s${s.cancelled ? ' (cancelled)' : ''}`,
  ];
  for (const [kind, count] of Object.entries(s.problemsByKind)) lines.push(`  ${kind}: ${count}`);
  for (const p of s.problems.slice(0, 20)) lines.push(`    ${p.path}: ${p.reason}`);
  if (s.problems.length > 20) lines.push(`    … and ${s.problems.length - 20} more (use --json for all)`);
  return lines.join('\n') + '\n';
}

export const importCommand: CliCommand = {
  name: ['import'],
  summary: 'index DICOM folders (Kaggle layout, DICOMDIR CD, any tree) into the database',
  usage: 'Usage: lumbar import <folder>... [--db PATH] [--json]\n  Re-importing is incremental: unchanged files are skipped.',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { db: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    if (positionals.length === 0) throw new UsageError('name at least one folder');
    const db = openDatabase(resolveDatabasePath(values.db, io.env));
    try {
      const summaries: ImportSummary[] = [];
      for (const folder of positionals) {
        summaries.push(await importDataset(db, path.resolve(io.cwd, folder), { onProgress: values.json ? undefined : progressBar(io) }));
      }
      if (values.json) {
        const total = (k: 'studies' | 'series' | 'instances' | 'skipped') => summaries.reduce((a, s) => a + s[k], 0);
        io.out(
          JSON.stringify({
            studies: total('studies'),
            series: total('series'),
            instances: total('instances'),
            skipped: total('skipped'),
            problems: summaries.flatMap((s) =>
              s.problems.map((p) => ({ path: path.join(s.root, p.path), kind: p.kind, reason: p.reason })),
            ),
          }) + '\n',
        );
      } else {
        for (const s of summaries) io.out(summaryText(s));
      }
      return summaries.some((s) => s.instances > 0) ? 0 : 1;
    } finally {
      db.close();
    }
  },
};

export const listCommand: CliCommand = {
  name: ['list'],
  summary: 'print the index: studies and their series with types and warnings',
  usage: 'Usage: lumbar list [--db PATH] [--json]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, json: { type: 'boolean', default: false } } });
    const db = openDatabase(resolveDatabasePath(values.db, io.env));
    try {
      const studies = createStudyQueries(db).listStudies();
      if (values.json) {
        io.out(
          JSON.stringify({
            studies: studies.map((s) => ({
              study_id: s.studyKey,
              patient_name: s.patientName,
              warnings: s.warnings,
              series: s.series.map((se) => ({
                series_id: se.seriesKey,
                description: se.description,
                type: se.type,
                type_reason: se.typeOverridden ? `set by the user (detected: ${se.detectedType}, ${se.typeReason})` : se.typeReason,
                instances: se.instances,
                warnings: se.warnings,
              })),
            })),
          }) + '\n',
        );
        return 0;
      }
      for (const s of studies) {
        io.out(`${s.studyKey}  ${s.patientName ?? ''}${s.warnings.length ? `  ⚠ ${s.warnings.join('; ')}` : ''}\n`);
        for (const se of s.series)
          io.out(
            `  ${se.seriesKey.padEnd(12)} ${se.type.padEnd(17)} ${String(se.instances).padStart(4)} images  ${se.description ?? ''}  (${se.typeReason})\n`,
          );
      }
      if (studies.length === 0) io.out('no studies indexed yet: lumbar import <folder>\n');
      return 0;
    } finally {
      db.close();
    }
  },
};
