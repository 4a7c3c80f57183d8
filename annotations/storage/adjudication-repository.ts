/**
 * SQL of adjudication: the current decision per (study, condition, level) and the settings row. The
 * adjudication service wraps each decision or reopen, with its 'adjudication' event, in one transaction.
 */
import type { Db } from './database.js';

export interface DecisionRow {
  study_id: number;
  condition: string;
  level: string;
  grade: string | null;
  not_gradable: string | null;
  series_id: number | null;
  instance_number: number | null;
  x: number | null;
  y: number | null;
  chosen_reader_id: number | null;
  rationale: string;
  qa_reader_id: number;
  decided_at: string;
  reopened: number;
}

export function createAdjudicationRepository(db: Db) {
  const s = {
    decisionsOfStudy: db.prepare<[number], DecisionRow>('SELECT * FROM decisions WHERE study_id = ?'),
    allDecisions: db.prepare<[], DecisionRow>('SELECT * FROM decisions'),
    decision: db.prepare<[number, string, string], DecisionRow>(
      'SELECT * FROM decisions WHERE study_id = ? AND condition = ? AND level = ?',
    ),
    upsert: db.prepare<Omit<DecisionRow, 'decided_at' | 'reopened'>>(
      `INSERT INTO decisions (study_id, condition, level, grade, not_gradable, series_id, instance_number, x, y, chosen_reader_id, rationale, qa_reader_id)
       VALUES (@study_id, @condition, @level, @grade, @not_gradable, @series_id, @instance_number, @x, @y, @chosen_reader_id, @rationale, @qa_reader_id)
       ON CONFLICT (study_id, condition, level) DO UPDATE SET grade = excluded.grade, not_gradable = excluded.not_gradable,
         series_id = excluded.series_id, instance_number = excluded.instance_number, x = excluded.x, y = excluded.y,
         chosen_reader_id = excluded.chosen_reader_id, rationale = excluded.rationale, qa_reader_id = excluded.qa_reader_id,
         decided_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), reopened = 0`,
    ),
    reopen: db.prepare<[number, string, string]>('UPDATE decisions SET reopened = 1 WHERE study_id = ? AND condition = ? AND level = ?'),
    setting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    putSetting: db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  };
  return {
    decisionsOfStudy: (studyId: number) => s.decisionsOfStudy.all(studyId),
    allDecisions: () => s.allDecisions.all(),
    decision: (studyId: number, condition: string, level: string) => s.decision.get(studyId, condition, level),
    upsertDecision: (row: Omit<DecisionRow, 'decided_at' | 'reopened'>) => s.upsert.run(row),
    reopen: (studyId: number, condition: string, level: string) => s.reopen.run(studyId, condition, level).changes > 0,
    /** The parsed JSON of a setting, or undefined. */
    setting(key: string): unknown {
      const row = s.setting.get(key);
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    putSetting: (key: string, value: unknown) => s.putSetting.run(key, JSON.stringify(value)),
  };
}

export type AdjudicationRepository = ReturnType<typeof createAdjudicationRepository>;
