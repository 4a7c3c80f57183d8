/** Every `lumbar` sub-command, in the order `lumbar --help` lists them. */
import type { CliCommand } from './command.js';

export const commands: CliCommand[] = [];
