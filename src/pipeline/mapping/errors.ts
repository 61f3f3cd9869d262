/**
 * The error of source definitions and mappings: what is wrong, in which file, under which key
 * (`mapping.fields.services[2].target`), so a person can fix the file without reading code.
 */
export class DefinitionError extends Error {
  /** Definition (or mednum config) file, when known. */
  file?: string;
  /** Path of the bad key inside the file, dotted with [index] for lists. */
  key?: string;

  constructor(message: string, where: { file?: string; key?: string } = {}) {
    super(message);
    this.name = 'DefinitionError';
    if (where.file !== undefined) this.file = where.file;
    if (where.key !== undefined) this.key = where.key;
  }

  /** « fichier, clé mapping.fields.nom : message » — the form to show people. */
  describe(): string {
    const where = [this.file, this.key ? `clé ${this.key}` : undefined].filter(Boolean).join(', ');
    return where ? `${where} : ${this.message}` : this.message;
  }
}

/** Levenshtein distance, bounded: returns `max + 1` as soon as it is exceeded. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const curr = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      curr.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = curr;
  }
  return prev[b.length]!;
}

/** « (vouliez-vous dire « services » ?) » when a known word is close enough, else ''. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const lower = input.toLowerCase();
  const max = Math.max(2, Math.floor(lower.length / 4));
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase(), max);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : ` (vouliez-vous dire « ${best} » ?)`;
}
