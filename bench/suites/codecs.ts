/**
 * Codecs: 200,000 generated lieux written to CSV and JSON with `writeRecords`, then streamed back
 * with `readRecords`. Measures throughput and the peak heap growth while reading against the file
 * size: streaming must keep memory flat (no file held as a string, nor all records at once).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FRAIS_A_CHARGE, SERVICES } from '../../src/core/standard/enums.js';
import type { FlatRecord } from '../../src/core/standard/types.js';
import { readRecords, writeRecords, type WriteFormat } from '../../src/io/index.js';
import { metric, target, type Metric, type Suite } from '../harness.js';

const RECORDS = 200_000;
const MB = 1024 * 1024;

const COMMUNES = [
  ['Reims', '51100', '51454', 49.2583, 4.0317],
  ['Épernay', '51200', '51230', 49.04, 3.96],
  ['Guéret', '23000', '23096', 46.1717, 1.8716],
  ['Ajaccio', '20000', '2A004', 41.9192, 8.7386],
  ['Le Havre', '76600', '76351', 49.4944, 0.1079],
] as const;

/** Deterministic, realistic rows: quotes, separators, line breaks, accents and `|` lists. */
function* generate(count: number): Generator<FlatRecord> {
  for (let i = 0; i < count; i++) {
    const [commune, cp, insee, lat, lon] = COMMUNES[i % COMMUNES.length]!;
    yield {
      id: `lieu-${i}`,
      pivot: String(43493312300000 + i).padStart(14, '0'),
      nom: `Espace numérique « ${commune} » n°${i}`,
      commune,
      code_postal: cp,
      code_insee: insee,
      adresse: `${(i % 120) + 1} rue de l'Église`,
      complement_adresse: i % 3 ? '' : 'Bâtiment B, 2e étage',
      latitude: (lat + (i % 100) / 10_000).toFixed(5),
      longitude: (lon - (i % 100) / 10_000).toFixed(5),
      typologie: 'TIERS_LIEUX|ASSO',
      telephone: `+3332${String(1_000_000 + i).slice(-7)}`,
      courriels: `contact${i}@exemple.fr`,
      site_web: `https://exemple.fr/lieux/${i}`,
      horaires: 'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00',
      presentation_resume: 'Accompagnement aux outils numériques, ateliers "débutants", accès libre.',
      presentation_detail:
        i % 2 ? 'Ateliers collectifs ; aide individuelle.\nSur rendez-vous, le samedi matin.' : '',
      source: 'Bench',
      itinerance: 'Fixe',
      structure_parente: '',
      date_maj: '2024-04-02',
      services: SERVICES.slice(0, (i % 4) + 1).join('|'),
      publics_specifiquement_adresses: '',
      prise_en_charge_specifique: '',
      frais_a_charge: FRAIS_A_CHARGE[i % FRAIS_A_CHARGE.length]!,
      dispositif_programmes_nationaux: '',
      formations_labels: '',
      autres_formations_labels: '',
      modalites_acces: 'Se présenter|Téléphoner',
      modalites_accompagnement: 'Dans un atelier collectif',
      fiche_acces_libre: '',
      prise_rdv: 'https://www.rdv-solidarites.fr/',
    };
  }
}

function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

async function measure(dir: string, format: Exclude<WriteFormat, 'geojson'>): Promise<Metric[]> {
  const path = join(dir, `lieux.${format}`);
  let start = performance.now();
  await writeRecords(path, format, generate(RECORDS));
  const writeSeconds = (performance.now() - start) / 1000;
  const size = statSync(path).size;

  globalThis.gc?.();
  const baseline = heapUsed();
  let peak = baseline;
  let count = 0;
  start = performance.now();
  for await (const { record } of readRecords(path)) {
    if (record.id === undefined) throw new Error('record without id');
    if (++count % 500 === 0) peak = Math.max(peak, heapUsed());
  }
  const readSeconds = (performance.now() - start) / 1000;
  if (count !== RECORDS) throw new Error(`${format}: read ${count} records, expected ${RECORDS}`);
  const growth = (peak - baseline) / MB;
  const note = globalThis.gc ? undefined : 'run with --expose-gc for a clean baseline';
  return [
    metric(`codecs.${format}.file_mb`, size / MB, 'MB'),
    metric(`codecs.${format}.write_records_per_s`, RECORDS / writeSeconds, 'records/s'),
    target(
      `codecs.${format}.read_records_per_s`,
      RECORDS / readSeconds,
      'records/s',
      { atLeast: 20_000 },
      'a 200,000-row national file streamed in 10 s at most, on a busy 2-core machine',
    ),
    metric(`codecs.${format}.read_mb_per_s`, size / MB / readSeconds, 'MB/s'),
    metric(`codecs.${format}.read_peak_heap_growth_mb`, growth, 'MB', note ? { note } : {}),
    target(
      `codecs.${format}.read_peak_heap_growth_vs_file`,
      growth / (size / MB),
      'ratio',
      { atMost: 0.5 },
      'peak heap growth while streaming ÷ file size; holding the file as text alone would be ≥ 1 (UTF-16), records ≥ 3',
    ),
  ];
}

export const suite: Suite = {
  name: 'codecs',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'repere-bench-codecs-'));
    try {
      return [...(await measure(dir, 'csv')), ...(await measure(dir, 'json'))];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
