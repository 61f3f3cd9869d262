/**
 * The CLI's small contract: each command parses its own options and returns an exit code.
 * Exit codes: 0 = fine, 1 = data errors found, 2 = usage or I/O error.
 */
export const EXIT_OK = 0;
export const EXIT_DATA_ERRORS = 1;
export const EXIT_USAGE = 2;

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is an interactive terminal (progress bars, colours). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text, shown by `repere <command> --help`. */
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** An error the user can act on: printed as one line, no stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
