/**
 * `repere` command line: dispatches to commands, prints help, turns every failure into a clear
 * message and an exit code (never a stack trace for bad input).
 */
import type { CliIO, Command } from './command.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './command.js';
import { commands } from './commands/index.js';

function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'repere — lieux de médiation numérique : valider, importer, servir.',
    '',
    'Usage : repere <commande> [options]',
    '',
    'Commandes :',
    ...lines,
    '',
    'Aide d’une commande : repere <commande> --help',
    'Codes de sortie : 0 = tout va bien, 1 = erreurs dans les données, 2 = erreur d’usage ou de lecture/écriture.',
    '',
  ].join('\n');
}

// A reader that stops early (`repere validate … | head`) closes the pipe: that is not an error.
function ignoreBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

export function defaultIO(): CliIO {
  ignoreBrokenPipe(process.stdout);
  ignoreBrokenPipe(process.stderr);
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(generalHelp());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    io.stdout('repere 0.1.0\n');
    return EXIT_OK;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(
      `repere : commande inconnue « ${name} ». Commandes : ${commands.map((c) => c.name).join(', ')}.\n`,
    );
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`repere ${name} : ${error.message}\n`);
      return error.exitCode;
    }
    const err = error as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.code.startsWith('E')) {
      // File system errors: say which file and why, without a stack trace.
      io.stderr(`repere ${name} : ${describeSystemError(err)}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`repere ${name} : erreur inattendue : ${err?.message ?? String(error)}\n`);
    if (io.env.REPERE_DEBUG) io.stderr(`${err?.stack ?? ''}\n`);
    return EXIT_USAGE;
  }
}

function describeSystemError(err: NodeJS.ErrnoException): string {
  const file = err.path ? ` « ${err.path} »` : '';
  switch (err.code) {
    case 'ENOENT':
      return `fichier introuvable${file}.`;
    case 'EACCES':
    case 'EPERM':
      return `accès refusé${file}.`;
    case 'EISDIR':
      return `${file.trim()} est un dossier, un fichier est attendu.`;
    default:
      return `${err.message}`;
  }
}
