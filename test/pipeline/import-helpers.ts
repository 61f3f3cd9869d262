/**
 * Shared by the import, export and CLI tests: small standard files written to a temp folder, the real
 * reference geography, and a store wrapper that fails on demand.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Gazetteer } from '../../src/core/geo/gazetteer.js';
import { csvHeader, stringifyCsvRecord } from '../../src/core/standard/csv.js';
import { FIELD_NAMES } from '../../src/core/standard/fields.js';
import type { FlatRecord } from '../../src/core/standard/types.js';
import { loadReference } from '../../src/reference/index.js';
import type { CommitStep, Store } from '../../src/store/index.js';

export const SHARED = resolve(import.meta.dirname, '../../../shared');
export const HAS_SHARED = existsSync(SHARED);
export const NOW = new Date('2024-06-01T12:00:00Z');

let gazetteer: Gazetteer | undefined;
export async function realGazetteer(): Promise<Gazetteer> {
  gazetteer ??= (await loadReference()).gazetteer;
  return gazetteer;
}

export function tempDir(prefix = 'repere-import-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A complete valid lieu in Angers; each test changes what it needs. */
export function lieu(n: number, extra: FlatRecord = {}): FlatRecord {
  return {
    id: `lieu-${n}`,
    pivot: '21490007800012',
    nom: `Espace numérique ${['Toussaint', 'Lafontaine', 'Doutre', 'Monplaisir', 'Roseraie', 'Belle-Beille'][n % 6]} ${n}`,
    commune: 'Angers',
    code_postal: '49100',
    code_insee: '49007',
    adresse: `${n + 1} rue ${['Toussaint', 'Lionnaise', 'Saint-Nicolas', 'de Brest', 'Volney', 'Beaurepaire'][n % 6]}`,
    latitude: (47.4706 + n * 0.004).toFixed(6),
    longitude: (-0.5561 - n * 0.003).toFixed(6),
    telephone: `+332412425${String(10 + n).padStart(2, '0')}`,
    courriels: `contact${n}@angers.fr`,
    site_web: `https://lieu${n}.angers.fr`,
    typologie: 'BIB',
    date_maj: '2024-04-02',
    services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
    frais_a_charge: 'Gratuit',
    modalites_acces: 'Se présenter',
    ...extra,
  };
}

export function csvOf(records: readonly FlatRecord[]): string {
  return csvHeader(FIELD_NAMES) + records.map((r) => stringifyCsvRecord(r, FIELD_NAMES)).join('');
}

export function writeCsv(dir: string, name: string, records: readonly FlatRecord[]): string {
  const path = join(dir, name);
  writeFileSync(path, csvOf(records));
  return path;
}

/**
 * The store, except that `commitImport` fails inside its transaction at `failAt` (after the rows of that
 * step are written): the store must roll everything back.
 */
export function failingStore(store: Store, failAt: CommitStep): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'commitImport') {
        return (
          input: Parameters<Store['commitImport']>[0],
          options: Parameters<Store['commitImport']>[1] = {},
        ) =>
          target.commitImport(input, {
            onStep: async (step) => {
              await options.onStep?.(step);
              if (step === failAt) throw new Error(`panne simulée après l’étape ${step}`);
            },
          });
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
