import type { Gazetteer } from '../../../src/core/geo/gazetteer.js';
import { repairRecord } from '../../../src/pipeline/repair/index.js';
import type { Repair, RepairResult } from '../../../src/pipeline/repair/index.js';
import { loadReference } from '../../../src/reference/index.js';

let gazetteer: Gazetteer | undefined;

/** The real reference geography (built from the installed packages on first use). */
export async function realGazetteer(): Promise<Gazetteer> {
  gazetteer ??= (await loadReference()).gazetteer;
  return gazetteer;
}

export const NOW = new Date('2024-06-01T12:00:00Z');

/** A complete, valid record that each test spoils in one way. */
export function lieu(extra: Record<string, string> = {}): Record<string, string> {
  return {
    id: 'lieu-1',
    pivot: '21490007800012',
    nom: 'Médiathèque Toussaint',
    commune: 'Angers',
    code_postal: '49100',
    code_insee: '49007',
    adresse: '49 rue Toussaint',
    latitude: '47.4706',
    longitude: '-0.5561',
    telephone: '+33241242550',
    courriels: 'bibliotheque@ville.angers.fr',
    site_web: 'https://bm.angers.fr',
    typologie: 'BIB',
    date_maj: '2024-04-02',
    ...extra,
  };
}

export function repair(record: Record<string, string>, g: Gazetteer, options = {}): RepairResult {
  return repairRecord(record, { gazetteer: g, now: NOW, ...options });
}

export function byRule(result: RepairResult, rule: string): Repair[] {
  return result.repairs.filter((r) => r.rule === rule);
}
