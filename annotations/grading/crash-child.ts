/**
 * Child process of the crash test: grades as fast as it can against a database file and prints
 * `ACK <n>` after each change has returned (its transaction committed). The parent kills it with SIGKILL.
 */
import { writeSync } from 'node:fs';
import { openDatabase } from '../storage/database.js';
import { createGradingService } from '../services/grading.js';
import { scriptedChange } from './crash-script.js';

const [dbPath, readerArg, studyArg, startArg] = process.argv.slice(2);
const db = openDatabase(dbPath!);
const grading = createGradingService(db);
const readerId = Number(readerArg);
const studyId = Number(studyArg);
for (let n = Number(startArg); ; n++) {
  const { cell, grade } = scriptedChange(n);
  grading.setLabel(readerId, studyId, cell, { grade });
  writeSync(1, `ACK ${n}\n`);
}
