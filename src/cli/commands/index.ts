import type { Command } from 'commander';
import { registerEndpointsCommand } from './endpoints.js';
import { registerGuardrailsCommand } from './guardrails.js';
import { registerLogsCommand } from './logs.js';
import { registerModelsCommand } from './models.js';
import { registerPermissionsCommand } from './permissions.js';
import { registerPrincipalsCommand } from './principals.js';
import { registerServeCommand } from './serve.js';
import { registerTokensCommand } from './tokens.js';

/** Every `cairn` sub-command; each file registers one command group. */
export function registerCommands(program: Command): void {
  registerServeCommand(program);
  registerModelsCommand(program);
  registerEndpointsCommand(program);
  registerTokensCommand(program);
  registerPrincipalsCommand(program);
  registerPermissionsCommand(program);
  registerLogsCommand(program);
  registerGuardrailsCommand(program);
}
