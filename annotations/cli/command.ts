/**
 * The shape of a CLI sub-command. Commands get their argv (after the command words) and an IO sink, and
 * return an exit code; they never call process.exit, so tests run them in-process.
 */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (progress bars are drawn only then). */
  readonly isTTY: boolean;
  /** Working directory relative paths are resolved against. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliCommand {
  /** Command words, e.g. ['kaggle', 'export']. */
  readonly name: readonly string[];
  readonly summary: string;
  readonly usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** A clear user-facing failure (bad input file, ...): printed without a stack, exit code 1. */
export class CliFailure extends Error {}
