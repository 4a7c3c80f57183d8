/** Every `lumbar` sub-command, in the order `lumbar --help` lists them. */
import type { CliCommand } from './command.js';
import { adjudicationQueueCommand, adjudicationReportCommand, adjudicationSettingsCommand } from './commands/adjudication.js';
import { agreementCommand } from './commands/agreement.js';
import { demoCommand } from './commands/demo.js';
import { importCommand, listCommand } from './commands/import.js';
import { kaggleExportCommand, kaggleImportCommand } from './commands/kaggle-io.js';
import { kaggleSampleSubmissionCommand } from './commands/kaggle-sample-submission.js';
import { kaggleScoreCommand } from './commands/kaggle-score.js';
import { kaggleValidateCommand } from './commands/kaggle-validate.js';

export const commands: CliCommand[] = [
  importCommand,
  listCommand,
  kaggleExportCommand,
  kaggleImportCommand,
  kaggleValidateCommand,
  kaggleScoreCommand,
  kaggleSampleSubmissionCommand,
  demoCommand,
  agreementCommand,
  adjudicationQueueCommand,
  adjudicationReportCommand,
  adjudicationSettingsCommand,
];
