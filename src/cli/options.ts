/**
 * The option scanner shared by commands that want exact French messages for every mistake
 * (`--x=value` or `--x value`, repeated options refused, `--` ends options, `-` is a file name).
 */
import { UsageError } from './command.js';

export interface ScannedOptions {
  positionals: string[];
  /** Options that take a value, by their key. */
  values: Record<string, string>;
  /** Boolean options present, by their key. */
  flags: Set<string>;
}

export function scanOptions(
  args: readonly string[],
  spec: { command: string; withValue: Record<string, string>; booleans: Record<string, string> },
): ScannedOptions {
  const positionals: string[] = [];
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const help = `Voir « repere ${spec.command} --help ».`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const flag = spec.booleans[arg];
    if (flag) {
      flags.add(flag);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = spec.withValue[name];
    if (key) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '')
        throw new UsageError(`l'option ${name} attend une valeur. ${help}`);
      if (values[key] !== undefined) throw new UsageError(`l'option ${name} est donnée deux fois.`);
      values[key] = value;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') throw new UsageError(`option inconnue « ${arg} ». ${help}`);
    positionals.push(arg);
  }
  return { positionals, values, flags };
}
