import type { Command } from '../command.js';

/** Every `repere` command, in the order `repere --help` lists them. */
export const commands: Command[] = [];
