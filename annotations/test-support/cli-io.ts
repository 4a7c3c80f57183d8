/** Test support: a CLI IO that collects what a command prints, for running `lumbar` commands in-process. */
import type { CliIO } from '../cli/command.js';

export type CapturedIO = CliIO & { stdout: string; stderr: string };

export function captureIO(cwd: string = process.cwd(), env: Readonly<Record<string, string | undefined>> = {}): CapturedIO {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    isTTY: false,
    cwd,
    env,
  };
  return io;
}
