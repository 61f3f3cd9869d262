/**
 * `repere demo-data --count N --seed S --out FILE`: writes the synthetic national dataset
 * (source « Démonstration ») used by a fresh install, the tests and the benchmarks.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { writeRecords, type WriteFormat } from '../../io/index.js';
import { generateDemoDataset } from '../../pipeline/demo-data.js';
import { EXIT_OK, UsageError, type CliIO, type Command } from '../command.js';

const HELP = `repere demo-data — génère un jeu de lieux de démonstration conforme au standard v1.0.1

Usage : repere demo-data --count <N> --out <fichier> [options]

  -n, --count <N>     nombre de lieux (1 à 1 000 000)
  -o, --out <fichier> fichier à écrire : .csv, .json ou .geojson
  -s, --seed <S>      graine du générateur (défaut 1) : même graine, même nombre et même date → mêmes lieux
  --now <AAAA-MM-JJ>  date de référence des dates de mise à jour (défaut : aujourd'hui)
  -h, --help          cette aide

Les lieux sont répartis sur les vraies communes, plus nombreux là où la population l'est ;
leur source est « Démonstration ». Ce ne sont pas de vrais lieux : ne les publiez pas.

Exemple : repere demo-data --count 20000 --seed 1 --out demo.csv
`;

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} attend un entier entre ${min} et ${max} : « ${value} ».`);
  }
  return n;
}

export const demoDataCommand: Command = {
  name: 'demo-data',
  summary: 'génère un jeu de lieux de démonstration réaliste et reproductible',
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          count: { type: 'string', short: 'n' },
          seed: { type: 'string', short: 's' },
          out: { type: 'string', short: 'o' },
          now: { type: 'string' },
        },
        allowPositionals: false,
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}. Voir repere demo-data --help.`);
    }
    const { values } = parsed;
    const count = integer(values.count, 'count', 1, 1_000_000);
    if (count === undefined) throw new UsageError('--count est obligatoire. Voir repere demo-data --help.');
    if (!values.out) throw new UsageError('--out est obligatoire. Voir repere demo-data --help.');
    const seed = integer(values.seed, 'seed', 0, 2 ** 32 - 1) ?? 1;
    let now = new Date();
    if (values.now !== undefined) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.now) || Number.isNaN(Date.parse(values.now))) {
        throw new UsageError(`--now attend une date AAAA-MM-JJ : « ${values.now} ».`);
      }
      now = new Date(`${values.now}T12:00:00Z`);
    }
    const out = resolve(io.cwd, values.out);
    const extension = out.slice(out.lastIndexOf('.') + 1).toLowerCase();
    const format: WriteFormat | undefined =
      extension === 'csv' || extension === 'json' || extension === 'geojson' ? extension : undefined;
    if (!format)
      throw new UsageError(`extension de sortie inconnue « ${values.out} » : .csv, .json ou .geojson.`);
    const records = await generateDemoDataset({ count, seed, now });
    const { written, skipped } = await writeRecords(out, format, records);
    io.stdout(
      `${written} lieux de démonstration écrits dans ${values.out}` +
        (skipped ? ` (${skipped} sans coordonnées omis du GeoJSON)` : '') +
        ` — graine ${seed}, date de référence ${now.toISOString().slice(0, 10)}.\n`,
    );
    return EXIT_OK;
  },
};
