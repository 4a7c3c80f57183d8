/**
 * `lumbar` command-line entry: dispatches to the registered sub-commands.
 * Every command that touches the database takes `--db PATH` (default: the app's user-data database).
 */
import { CliFailure, UsageError, type CliCommand, type CliIO } from './command.js';
import { commands } from './registry.js';

function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  // Longest match on command words first (`kaggle export` before `kaggle`).
  const sorted = [...commands].sort((a, b) => b.name.length - a.name.length);
  for (const command of sorted) {
    if (command.name.every((word, i) => argv[i] === word)) {
      return { command, rest: argv.slice(command.name.length) };
    }
  }
  return undefined;
}

export function helpText(): string {
  const lines = ['Usage: lumbar <command> [options]', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.name.join(' ').padEnd(28)} ${c.summary}`);
  lines.push('', 'Run `lumbar <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(helpText() + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`lumbar: unknown command '${argv.join(' ')}'\n\n${helpText()}\n`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`lumbar ${command.name.join(' ')}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof CliFailure) {
      io.err(`lumbar ${command.name.join(' ')}: ${error.message}\n`);
      return 1;
    }
    // The exported `parseArgs` of node:util throws TypeErrors with a code for bad options.
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`lumbar ${command.name.join(' ')}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}

export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}
