#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { CliError } from './cli-error.js';
import { cliVersion } from './version.js';
const program = new Command();
program
    .name('cairn')
    .description('Deploy and monitor generative-AI models. Client commands use CAIRN_HOST and CAIRN_TOKEN.')
    .version(cliVersion)
    .showHelpAfterError()
    .exitOverride();
registerCommands(program);
try {
    await program.parseAsync(process.argv);
}
catch (error) {
    if (error instanceof CommanderError) {
        process.exit(error.exitCode);
    }
    // ConfigError is matched by name: importing config (and zod) here would slow down every client command.
    if (error instanceof CliError || (error instanceof Error && error.name === 'ConfigError')) {
        process.stderr.write(`cairn: ${error.message}\n`);
        process.exit(error instanceof CliError ? error.exitCode : 2);
    }
    process.stderr.write(`cairn: ${error.message ?? String(error)}\n`);
    process.exit(1);
}
//# sourceMappingURL=main.js.map