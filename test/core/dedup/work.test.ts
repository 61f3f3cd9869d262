/**
 * Work must grow about linearly with the input: these tests count pair comparisons (never time).
 */
import { describe, expect, it } from 'vitest';
import { findDuplicates, type DedupInput } from '../../../src/core/dedup/index.js';
import { seededRandom } from '../../../src/core/demo/random.js';

const WORDS = [
  'Prévert',
  'Moulin',
  'Curie',
  'Zola',
  'Verne',
  'Sand',
  'Hugo',
  'Camus',
  'Veil',
  'Jaurès',
  'Aragon',
  'Colette',
];
const KINDS = ['Médiathèque', 'Espace numérique', 'Centre social', 'Association', 'MJC', 'Tiers-lieu'];

/** `towns` towns 30 km apart, each with `perTown` lieux within ~1.5 km, a quarter of them without coordinates. */
function towns(count: number, perTown: number, seed = 7): DedupInput[] {
  const rand = seededRandom(seed);
  const inputs: DedupInput[] = [];
  for (let t = 0; t < count; t++) {
    const lat = 44 + Math.floor(t / 20) * 0.3;
    const lon = -1 + (t % 20) * 0.4;
    for (let k = 0; k < perTown; k++) {
      const geocoded = rand() > 0.25;
      inputs.push({
        key: `s${k % 3}:${t}-${k}`,
        sourceId: `s${k % 3}`,
        record: {
          nom: `${KINDS[Math.floor(rand() * KINDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]} ${k}`,
          adresse: `${1 + Math.floor(rand() * 99)} rue ${WORDS[Math.floor(rand() * WORDS.length)]}`,
          commune: `Ville ${t}`,
          code_postal: String(10000 + t * 10),
          code_insee: String(10000 + t),
          date_maj: '2024-01-01',
        },
        ...(geocoded
          ? { latitude: lat + (rand() - 0.5) * 0.027, longitude: lon + (rand() - 0.5) * 0.038 }
          : {}),
      });
    }
  }
  return inputs;
}

/** One commune without any coordinates: `n` lieux, with as many streets and names as a town that size. */
function bigCommuneWithoutCoordinates(n: number, seed = 11): DedupInput[] {
  const rand = seededRandom(seed);
  const streets = Math.max(10, Math.round(n / 8));
  return Array.from({ length: n }, (_, k) => ({
    key: `s:${k}`,
    sourceId: `s${k % 4}`,
    record: {
      nom: `${KINDS[k % KINDS.length]} ${WORDS[k % WORDS.length]}${Math.floor(k / WORDS.length)}`,
      adresse: `${1 + Math.floor(rand() * 150)} rue Numéro${Math.floor(rand() * streets)}`,
      commune: 'Grande Ville',
      code_postal: '33000',
      code_insee: '33063',
      date_maj: '2024-01-01',
    },
  }));
}

const allPairs = (n: number) => (n * (n - 1)) / 2;

describe('amount of work', () => {
  it('doubling the territory about doubles the comparisons', () => {
    const small = findDuplicates(towns(20, 60));
    const large = findDuplicates(towns(40, 60));
    const ratio = large.stats.comparisons / small.stats.comparisons;
    expect(small.stats.comparisons).toBeGreaterThan(0);
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
    expect(large.stats.comparisons).toBeLessThan(allPairs(large.stats.lieux) * 0.01);
  });

  it('never compares all pairs of a big commune without coordinates', () => {
    const small = findDuplicates(bigCommuneWithoutCoordinates(1000));
    const large = findDuplicates(bigCommuneWithoutCoordinates(2000));
    expect(small.stats.withoutCoordinates).toBe(1000);
    const ratio = large.stats.comparisons / small.stats.comparisons;
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(2.5);
    expect(large.stats.comparisons).toBeLessThan(allPairs(2000) * 0.05);
  });

  it('treats a crowded cell (everything geocoded to one centroid) like missing coordinates', () => {
    const inputs = bigCommuneWithoutCoordinates(600).map((input) => ({
      ...input,
      latitude: 44.8378,
      longitude: -0.5792,
    }));
    const result = findDuplicates(inputs);
    expect(result.stats.denseLieux).toBe(600);
    expect(result.stats.comparisons).toBeLessThan(allPairs(600) * 0.1);
  });

  it('skips blocks too big to single out a place', () => {
    // 300 lieux, one street, one name word: the keys are shared by everybody.
    const inputs = Array.from({ length: 300 }, (_, k) => ({
      key: `s:${k}`,
      sourceId: 's',
      record: {
        nom: 'France Services',
        adresse: `${k + 1} rue de la Gare`,
        commune: 'X',
        code_postal: '33000',
        code_insee: '33063',
        date_maj: '2024-01-01',
      },
    }));
    const result = findDuplicates(inputs, { maxBlockSize: 100 });
    expect(result.stats.skippedBlocks).toBeGreaterThan(0);
    expect(result.stats.comparisons).toBe(0);
  });
});
