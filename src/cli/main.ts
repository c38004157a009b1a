#!/usr/bin/env node
import { run } from './commands.js';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Unexpected failures only: expected problems are reported by the commands themselves.
    console.error(`Error inesperado: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
