import type { Command } from '../command.js';
import { demoDataCommand } from './demo-data.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { migrateCommand } from './migrate.js';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';

/** Every `repere` command, in the order `repere --help` lists them. */
export const commands: Command[] = [
  validateCommand,
  migrateCommand,
  demoDataCommand,
  importCommand,
  exportCommand,
  serveCommand,
];
