/**
 * Generated national datasets for the server tests: valid records of the standard over REAL communes
 * of the reference geography (so territory filters resolve), with every filterable field varied and
 * the awkward cases a real dataset has (no coordinates, no or unreadable hours, an unknown code INSEE,
 * an itinerant bus, names with accents and apostrophes). Deterministic for a given seed.
 */
import { ENUM_FILTERS, ENUM_FILTER_FIELDS } from '../../src/core/query/index.js';
import type { Commune } from '../../src/core/geo/index.js';
import type { CommitImportInput, DatasetLieuRow, Store } from '../../src/store/index.js';
import { seededRandom } from '../../src/core/demo/random.js';

const KINDS: ReadonlyArray<{ prefix: string; typologie: string }> = [
  { prefix: 'Médiathèque', typologie: 'BIB' },
  { prefix: 'France Services', typologie: 'MUNI' },
  { prefix: 'Espace public numérique', typologie: 'EPN' },
  { prefix: 'CCAS de', typologie: 'CCAS' },
  { prefix: 'Centre social', typologie: 'CS' },
  { prefix: 'Association « l’Atelier »', typologie: 'ASSO' },
  { prefix: 'Tiers-lieu', typologie: 'TIERS_LIEUX' },
];

export const HOURS = [
  'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
  'Mo-Fr 08:30-12:30,13:30-17:00',
  'Tu-Sa 10:00-18:00; PH off',
  'Mo,We,Fr 14:00-18:00',
  'Mo-Th 09:00-12:00,13:30-17:30; Fr 09:00-12:00; PH off',
  'Sa 09:00-12:00',
  '24/7',
  '',
  'le matin sur rendez-vous', // unreadable: kept, never matches an hours filter
];

function pick<T>(rand: () => number, values: readonly T[]): T {
  return values[Math.floor(rand() * values.length)]!;
}

function subset<T>(rand: () => number, values: readonly T[], max: number): T[] {
  const out: T[] = [];
  const n = Math.floor(rand() * (max + 1));
  for (let k = 0; k < n; k++) {
    const v = pick(rand, values);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** A SIRET with a valid Luhn key. */
function siret(rand: () => number): string {
  const digits = Array.from({ length: 13 }, () => Math.floor(rand() * 10));
  for (let key = 0; key < 10; key++) {
    const all = [...digits, key];
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let d = all[i]!;
      if (i % 2 === 0) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 === 0) return all.join('');
  }
  return '00000000000000';
}

export interface GenerateOptions {
  count: number;
  seed?: number;
  /** Prefix of the ids (several generations can then be told apart). */
  idPrefix?: string;
  sources?: string[];
}

/**
 * `count` lieux over the most populated communes (≈ weighted by population, so big cities hold many
 * lieux and text or territory filters have several matches). Ids are `<prefix>-<n>`, zero-padded.
 */
export function generateLieux(communes: readonly Commune[], options: GenerateOptions): DatasetLieuRow[] {
  const rand = seededRandom(options.seed ?? 1);
  const prefix = options.idPrefix ?? 'lieu';
  const sources = options.sources ?? ['demo'];
  const pool = [...communes]
    .filter((c) => c.type === 'commune' || c.type === 'arrondissement-municipal')
    .sort((a, b) => b.population - a.population || (a.code < b.code ? -1 : 1))
    .slice(0, 400);
  const overseas = communes.find((c) => c.code === '97411'); // Saint-Denis (La Réunion)
  if (overseas) pool.push(overseas);
  const lieux: DatasetLieuRow[] = [];
  for (let i = 0; i < options.count; i++) {
    // Squared uniform: the head of the list (big cities) is drawn more often.
    const commune = pool[Math.floor(rand() * rand() * pool.length)]!;
    const kind = pick(rand, KINDS);
    const id = `${prefix}-${String(i).padStart(6, '0')}`;
    const located = rand() > 0.04;
    const lat = commune.lat + (rand() - 0.5) * 0.03;
    const lon = commune.lon + (rand() - 0.5) * 0.04;
    const enums = Object.fromEntries(
      ENUM_FILTER_FIELDS.map((field) => [
        field,
        subset(rand, ENUM_FILTERS[field], field === 'services' ? 4 : 2),
      ]),
    ) as Record<string, string[]>;
    if (!enums.services!.length) enums.services = ['Aide aux démarches administratives'];
    const itinerant = rand() < 0.05;
    enums.itinerance = itinerant ? ['Itinérant'] : rand() < 0.7 ? ['Fixe'] : [];
    const codePostal = commune.codesPostaux[0] ?? '75001';
    const unknownCode = i % 97 === 13; // a code INSEE the gazetteer does not know
    const record: Record<string, string> = {
      id,
      pivot: rand() < 0.8 ? siret(rand) : '00000000000000',
      nom: `${kind.prefix} ${commune.nom}${i % 3 ? '' : ` n° ${i}`}`,
      commune: commune.nom,
      code_postal: codePostal,
      code_insee: unknownCode ? '99999' : commune.code,
      adresse: `${1 + (i % 120)} rue de la République`,
      latitude: located ? lat.toFixed(5) : '',
      longitude: located ? lon.toFixed(5) : '',
      typologie: kind.typologie,
      telephone: `+33${String(100000000 + Math.floor(rand() * 899999999))}`,
      courriels: `contact-${i}@exemple.fr`,
      site_web: `https://exemple.fr/lieux/${i}`,
      horaires: pick(rand, HOURS),
      presentation_resume: `Accompagnement au numérique à ${commune.nom}.`,
      source: 'Démonstration',
      date_maj: `202${3 + (i % 3)}-0${1 + (i % 9)}-1${i % 10}`,
      prise_rdv: rand() < 0.2 ? `https://rdv.exemple.fr/${i}` : '',
      ...Object.fromEntries(ENUM_FILTER_FIELDS.map((f) => [f, enums[f]!.join('|')])),
    };
    for (const key of Object.keys(record)) if (record[key] === '') delete record[key];
    lieux.push({
      id,
      record,
      quality: { score: Math.round(rand() * 100), details: { completude: Math.round(rand() * 100) / 100 } },
      sources: [pick(rand, sources)],
      geocode: { method: 'source', precision: 'housenumber' },
    });
  }
  return lieux.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A commit publishing `lieux` as the whole national dataset. */
export function commitOf(
  lieux: DatasetLieuRow[],
  baseVersion: number | undefined,
  sourceId = 'demo',
): CommitImportInput {
  return {
    sourceId,
    contentHash: `sha256:test:${lieux.length}:${lieux[0]?.id ?? ''}:${Date.now()}:${Math.random()}`,
    baseVersion,
    run: { startedAt: new Date().toISOString() },
    sourceRecords: [],
    normalised: [],
    dataset: { lieux, mergeGroups: [], provenance: [], stats: { lieux: lieux.length } },
  };
}

/** Registers the source (if needed) and publishes `lieux` as a new version. */
export async function publish(store: Store, lieux: DatasetLieuRow[], sourceId = 'demo'): Promise<number> {
  if (!(await store.getSource(sourceId))) {
    await store.upsertSource({ id: sourceId, name: `Source ${sourceId}`, kind: 'file', definition: {} });
  }
  const result = await store.commitImport(commitOf(lieux, await store.currentVersion(), sourceId));
  return result.version;
}
