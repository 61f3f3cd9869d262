/** Runs `repere` in-process with a captured terminal, for the CLI tests. */
import type { CliIO } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

export type CapturedIO = CliIO & { out: string[]; err: string[] };

export function captureIO(cwd: string, env: Record<string, string> = {}, isTTY = false): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY, env, cwd };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runRepere(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const io = captureIO(cwd, env);
  const code = await main(argv, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}
