import type { Command } from 'commander';
import { registerServeCommand } from './serve.js';

/** Every `cairn` sub-command; each file registers one command group. */
export function registerCommands(program: Command): void {
  registerServeCommand(program);
}
