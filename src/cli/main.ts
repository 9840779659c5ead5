#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.js';
import { cairnVersion } from '../app.js';
import { registerCommands } from './commands/index.js';
import { CliError } from './cli-error.js';

const program = new Command();
program
  .name('cairn')
  .description('Deploy and monitor generative-AI models. Client commands use CAIRN_HOST and CAIRN_TOKEN.')
  .version(cairnVersion)
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode);
  }
  if (error instanceof ConfigError || error instanceof CliError) {
    process.stderr.write(`cairn: ${error.message}\n`);
    process.exit(error instanceof CliError ? error.exitCode : 2);
  }
  process.stderr.write(`cairn: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
}
