#!/usr/bin/env node
// The `lumbar` CLI. Runs the TypeScript sources through tsx, so the CLI is always the code in the tree.
import { register } from 'tsx/esm/api';

// A closed pipe (`lumbar list | head`) ends the command quietly, as in any Unix tool.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
register();
const { runCli, processIO } = await import('../annotations/cli/main.ts');
const code = await runCli(process.argv.slice(2), processIO());
process.exitCode = code;
