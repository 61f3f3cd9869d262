/**
 * Deduplication of lieux described by several producers (the national France Services list, a
 * département export and a hub export may all describe the same site).
 *
 * Precision first: a wrong merge hides a lieu from the people looking for it, a missed one only shows it
 * twice. So missing data earns no credit, identifiers that organisations share (a city's SIRET for all its
 * libraries, a switchboard number) count little, and contradictions veto.
 *
 * `findDuplicates` → groups with the evidence behind every link; `mergeGroup` → one record per group with the
 * provenance of every field; `mergeDuplicates` merges every group of an input and passes the other lieux
 * through; `comparePair` explains the score of any two lieux.
 */
import { forEachCandidatePair } from './blocking.js';
import { buildCorpus, type Corpus } from './features.js';
import { GUARD_SLACK, groupId, groupLinks, type Link } from './group.js';
import { DEFAULT_THRESHOLD, SAME_SOURCE_MARGIN, scorePair, scoreValue } from './score.js';
import type { DedupInput, DedupOptions, DedupResult, MergeGroup, MergeLink, PairScore } from './types.js';

export type * from './types.js';
export { DedupInputError } from './features.js';
export { DEFAULT_THRESHOLD, compatibleTypologies, distanceMeters } from './score.js';
export { groupId } from './group.js';
export { foldText, nameTokens, normalizePhone, normalizePivot, normalizeUrl, parseAddress } from './text.js';
export { mergeGroup, mergeDuplicates, type MergedLieu } from './merge.js';

const DEFAULTS: Required<DedupOptions> = {
  threshold: DEFAULT_THRESHOLD,
  cellSizeMeters: 500,
  maxBlockSize: 200,
  denseCellSize: 150,
};

function resolveOptions(options: DedupOptions): Required<DedupOptions> {
  const resolved = {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const check = (name: keyof DedupOptions, min: number) => {
    const value = resolved[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw new RangeError(`option ${name} invalide : ${String(value)} (un nombre ≥ ${min} est attendu)`);
    }
  };
  check('cellSizeMeters', 50);
  check('maxBlockSize', 2);
  check('denseCellSize', 2);
  if (!Number.isFinite(resolved.threshold))
    throw new RangeError(`option threshold invalide : ${resolved.threshold}`);
  return resolved;
}

/** Whether a pair score (`-Infinity` when vetoed) may link i and j; same-source pairs need a margin. */
function passes(corpus: Corpus, i: number, j: number, score: number, threshold: number): boolean {
  const margin = corpus.lieux[i]!.sourceId === corpus.lieux[j]!.sourceId ? SAME_SOURCE_MARGIN : 0;
  return score >= threshold + margin;
}

/**
 * Finds groups of inputs that describe the same lieu. The result does not depend on the input order.
 * Throws `DedupInputError` for unusable input (missing or duplicate keys).
 */
export function findDuplicates(inputs: readonly DedupInput[], options: DedupOptions = {}): DedupResult {
  const opts = resolveOptions(options);
  const { corpus } = buildCorpus(inputs);
  const lieux = corpus.lieux;
  const n = lieux.length;

  // Scores near the threshold are kept for the chaining guard; the rest is forgotten at once.
  const floor = opts.threshold - GUARD_SLACK;
  const kept = new Map<number, number>();
  const links: Link[] = [];
  let comparisons = 0;
  const blocking = forEachCandidatePair(corpus, opts, (i, j) => {
    comparisons++;
    const score = scoreValue(lieux[i]!, lieux[j]!, corpus);
    if (score < floor) return;
    kept.set(i * n + j, score);
    if (passes(corpus, i, j, score, opts.threshold)) links.push({ i, j, score });
  });

  let guardComparisons = 0;
  const accepts = (i: number, j: number) => {
    const code = i * n + j;
    let score = kept.get(code);
    if (score === undefined) {
      // Not brought together by blocking, or below the floor: score it (cheap, groups are small).
      guardComparisons++;
      score = scoreValue(lieux[i]!, lieux[j]!, corpus);
      kept.set(code, score);
    }
    return passes(corpus, i, j, score, floor);
  };
  const indexGroups = groupLinks(links, accepts);

  const groups: MergeGroup[] = indexGroups.map((members) => {
    const groupLinksOut: MergeLink[] = [];
    for (let p = 0; p < members.length; p++) {
      for (let q = p + 1; q < members.length; q++) {
        const a = lieux[members[p]!]!;
        const b = lieux[members[q]!]!;
        const explained = scorePair(a, b, corpus, true);
        groupLinksOut.push({
          a: a.key,
          b: b.key,
          score: Math.round(explained.score * 100) / 100,
          evidence: explained.evidence,
        });
      }
    }
    const keys = members.map((m) => lieux[m]!.key);
    return { id: groupId(keys), members: keys, links: groupLinksOut };
  });
  groups.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

  return {
    groups,
    stats: {
      lieux: n,
      comparisons,
      guardComparisons,
      links: links.length,
      skippedBlocks: blocking.skippedBlocks,
      denseLieux: blocking.denseLieux,
      withoutCoordinates: blocking.withoutCoordinates,
    },
    warnings: corpus.warnings,
  };
}

/**
 * Scores two lieux with the full explanation, e.g. to answer "why were these (not) merged?". `context` are the
 * other lieux of the import: identifiers reused by several lieux of one source only count as weak evidence, which
 * can only be known from the whole input.
 */
export function comparePair(a: DedupInput, b: DedupInput, context: readonly DedupInput[] = []): PairScore {
  const others = context.filter((c) => c.key !== a.key && c.key !== b.key);
  const { corpus } = buildCorpus([a, b, ...others]);
  const fa = corpus.lieux.find((l) => l.key === a.key)!;
  const fb = corpus.lieux.find((l) => l.key === b.key)!;
  const [x, y] = fa.index < fb.index ? [fa, fb] : [fb, fa];
  const result = scorePair(x, y, corpus, true);
  return { ...result, score: Math.round(result.score * 100) / 100 };
}
