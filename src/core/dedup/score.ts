/**
 * Pair scoring: each piece of evidence adds or removes weight; missing data on either side is neutral
 * (it earns nothing). Some evidence vetoes a merge outright. Weights are log-odds-like and were set by
 * reasoning about real producer data, then checked on the labelled synthetic benchmark
 * (bench/suites/dedup.ts) for precision ≥ 0.98 and recall ≥ 0.90.
 */
import type { Corpus, IdentifierKind, LieuFeatures, WeightedToken } from './features.js';
import { tokenSimilarity, type ParsedAddress } from './text.js';
import type { Evidence, PairScore } from './types.js';

/** Score a pair needs to be linked. */
export const DEFAULT_THRESHOLD = 4;
/**
 * Two records of the same source need more: a producer that lists two records asserts, a priori, two
 * lieux (the standard's `id` exists to tell apart lieux sharing a SIRET).
 */
export const SAME_SOURCE_MARGIN = 1;
/** Beyond this distance two records cannot be the same lieu, whatever else agrees. */
export const VETO_DISTANCE_M = 1000;
/**
 * Organisations reuse one phone, e-mail, website and SIRET for all their sites: identifiers are
 * correlated, so together they may add at most this much.
 */
const IDENTIFIER_CAP = 4;

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Distance in metres (equirectangular: exact enough below a few kilometres, and fast). */
export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const x = (lon2 - lon1) * RAD * Math.cos(((lat1 + lat2) / 2) * RAD);
  const y = (lat2 - lat1) * RAD;
  return EARTH_RADIUS_M * Math.sqrt(x * x + y * y);
}

// ---------------------------------------------------------------------------------------------------------
// Typologies

/** Labels and catch-alls that any kind of structure may carry. */
const UNIVERSAL = new Set(['RFS', 'MSAP', 'EPN', 'AUTRE']);
/** Local authorities: their own services may be described under their name. */
const ADMIN = new Set(['MUNI', 'EPCI', 'CD', 'DEPT', 'PREF', 'REG']);
const MUNICIPAL_SERVICES = new Set([
  'BIB',
  'LUDO',
  'CCAS',
  'CIAS',
  'MDS',
  'MQ',
  'CS',
  'PIJ_BIJ',
  'MJC',
  'TIERS_LIEUX',
  'EVS',
]);
/** Kinds that producers confuse with one another (a centre social is often an association…). */
const FAMILIES: ReadonlyArray<ReadonlySet<string>> = [
  new Set([
    'ASSO',
    'CS',
    'EVS',
    'MJC',
    'MQ',
    'TIERS_LIEUX',
    'FABLAB',
    'PIJ_BIJ',
    'ML',
    'EMMAUS',
    'ACI',
    'OF',
    'ESS',
    'LUDO',
  ]),
  new Set(['CCAS', 'CIAS', 'MDS', 'CAF', 'CPAM', 'MSA']),
  new Set(['FT', 'ML', 'PIJ_BIJ', 'MDE', 'MDEF', 'PLIE', 'CAP_EMPLOI']),
  new Set(['PIMMS', 'LA_POSTE', 'MUNI', 'EPCI', 'PREF', 'MDS']),
  new Set(['BIB', 'LUDO', 'TIERS_LIEUX', 'FABLAB', 'MJC']),
];
const KNOWN = new Set([...UNIVERSAL, ...ADMIN, ...MUNICIPAL_SERVICES, ...FAMILIES.flatMap((f) => [...f])]);

/** Whether two typologie codes may describe the same lieu. Unknown codes are given the benefit of the doubt. */
export function compatibleTypologies(a: string, b: string): boolean {
  if (a === b || UNIVERSAL.has(a) || UNIVERSAL.has(b) || !KNOWN.has(a) || !KNOWN.has(b)) return true;
  if (
    (ADMIN.has(a) && (ADMIN.has(b) || MUNICIPAL_SERVICES.has(b))) ||
    (ADMIN.has(b) && MUNICIPAL_SERVICES.has(a))
  ) {
    return true;
  }
  return FAMILIES.some((f) => f.has(a) && f.has(b));
}

/** 'same' (a code in common), 'compatible', or 'conflict' (no pair of codes can describe one lieu). */
function typologyRelation(a: readonly string[], b: readonly string[]): 'same' | 'compatible' | 'conflict' {
  // Plain loops: this runs for most scored pairs and must not allocate.
  for (const x of a) if (b.includes(x)) return 'same';
  for (const x of a) for (const y of b) if (compatibleTypologies(x, y)) return 'compatible';
  return 'conflict';
}

// ---------------------------------------------------------------------------------------------------------
// Names and addresses

/** Set by `softJaccard` for its last call (avoids allocating a result object per comparison). */
let lastDistinctive = 0;
let lastCommuneMatched = false;

/**
 * Institutions a commune has one of (or very few): "CCAS de Talence" names one place, whereas
 * "Médiathèque de Bordeaux" may be any of a dozen. The value is the distinctiveness such a name is worth.
 */
const ONE_PER_COMMUNE: ReadonlyMap<string, number> = new Map([
  ['CCAS', 1],
  ['CIAS', 1],
  ['MUNI', 1],
  ['RFS', 0.5],
  ['PIJ_BIJ', 0.5],
  ['ML', 0.5],
]);

let usedBuffer = new Uint8Array(32);

/**
 * Soft weighted Jaccard of two token lists in [0, 1]: tokens are paired greedily (equal, initial, prefix,
 * typo), a pair counts the smaller of its two weights, unpaired tokens count against. Weights make
 * "Médiathèque" or "France Services" alone weak evidence, and a shared proper name strong evidence. Within one
 * commune, a commune word present on one side only is ignored. Sets `lastDistinctive` (matched weight of
 * proper words) and `lastCommuneMatched`.
 */
function softJaccard(a: readonly WeightedToken[], b: readonly WeightedToken[], sameCommune = false): number {
  lastDistinctive = 0;
  lastCommuneMatched = false;
  if (a.length === 0 || b.length === 0) return 0;
  if (b.length > usedBuffer.length) usedBuffer = new Uint8Array(b.length * 2);
  const used = usedBuffer;
  used.fill(0, 0, b.length);
  let matched = 0;
  let denominator = 0;
  let distinctive = 0;
  let communeMatched = false;
  for (let i = 0; i < a.length; i++) {
    const ta = a[i]!;
    let best = -1;
    let bestSim = 0;
    for (let j = 0; j < b.length; j++) {
      if (used[j]) continue;
      const tb = b[j]!;
      if (ta.text === tb.text) {
        best = j;
        bestSim = 1;
        break;
      }
      // Every partial match (initial, prefix, typo) starts with the same letter: skip the rest cheaply.
      if (ta.text.charCodeAt(0) !== tb.text.charCodeAt(0)) continue;
      const sim = tokenSimilarity(ta.text, tb.text);
      if (sim > bestSim) {
        bestSim = sim;
        best = j;
      }
    }
    if (best < 0) {
      // A lieu's own commune in its name says nothing the other side must repeat.
      if (!sameCommune || ta.cls !== 'commune') denominator += ta.weight;
      continue;
    }
    used[best] = 1;
    const tb = b[best]!;
    const w = ta.weight < tb.weight ? ta.weight : tb.weight;
    matched += w * bestSim;
    denominator += w;
    const properA = ta.cls === 'proper' || ta.cls === 'initial';
    const properB = tb.cls === 'proper' || tb.cls === 'initial';
    if (properA && properB && (ta.cls === 'proper' || tb.cls === 'proper')) distinctive += w * bestSim;
    if (ta.cls === 'commune' && tb.cls === 'commune') communeMatched = true;
  }
  for (let j = 0; j < b.length; j++) {
    if (!used[j] && (!sameCommune || b[j]!.cls !== 'commune')) denominator += b[j]!.weight;
  }
  lastDistinctive = distinctive;
  lastCommuneMatched = communeMatched;
  return denominator > 0 ? matched / denominator : 0;
}

/** Similarity of two street names in [0, 1]; a different street type (rue / avenue) lowers it. */
function streetSimilarity(a: LieuFeatures, b: LieuFeatures): number | undefined {
  if (a.streetTokens.length === 0 || b.streetTokens.length === 0) return undefined;
  let s = softJaccard(a.streetTokens, b.streetTokens);
  const ta = a.address?.streetType;
  const tb = b.address?.streetType;
  if (ta && tb && ta !== tb) s *= 0.6;
  return s;
}

function formatNumber(a: ParsedAddress): string {
  if (a.number === undefined) return '';
  const range = a.numberTo !== undefined && a.numberTo !== a.number ? `-${a.numberTo}` : '';
  return `${a.number}${range}${a.index ? ' ' + a.index : ''}`;
}

function formatDistance(d: number): string {
  return d >= 1000 ? `${(d / 1000).toFixed(1)} km` : `${Math.round(d)} m`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Address evidence kinds, turned into text only when explaining. */
type AddressFinding =
  | 'same'
  | 'same-index-one-side'
  | 'index-differs'
  | 'same-street-no-number'
  | 'street-only'
  | 'streets-differ'
  | 'none';

/**
 * Scores one pair. With `explain`, fills `evidence` with readable French values; without it, only the score
 * and veto are computed, without allocating text (the blocking pass scores millions of pairs).
 */
export function scorePair(a: LieuFeatures, b: LieuFeatures, corpus: Corpus, explain = false): PairScore {
  const evidence: Evidence[] = [];
  const score = evaluate(a, b, corpus, explain ? evidence : null);
  return lastVeto === undefined ? { score, evidence } : { score, evidence, veto: lastVeto };
}

/**
 * The pair score alone, without allocating: `-Infinity` when vetoed. This is what blocking calls millions
 * of times.
 */
export function scoreValue(a: LieuFeatures, b: LieuFeatures, corpus: Corpus): number {
  const score = evaluate(a, b, corpus, null);
  return lastVeto === undefined ? score : Number.NEGATIVE_INFINITY;
}

/** Never written to: `evaluate` only pushes evidence when explaining. */
const DISCARDED: Evidence[] = [];

/** Reason of the veto of the last `evaluate` call, if any. */
let lastVeto: string | undefined;

function evaluate(a: LieuFeatures, b: LieuFeatures, corpus: Corpus, evidence: Evidence[] | null): number {
  lastVeto = undefined;
  const explain = evidence !== null;
  const ev = evidence ?? DISCARDED;
  let score = 0;
  let locationAgrees = false;

  // Distance: the strongest evidence when both sides are geocoded.
  const bothCoords = a.lat !== undefined && b.lat !== undefined;
  if (bothCoords) {
    const d = distanceMeters(a.lat!, a.lon!, b.lat!, b.lon!);
    if (d > VETO_DISTANCE_M) {
      lastVeto = explain ? `distance ${formatDistance(d)} > ${VETO_DISTANCE_M} m` : 'distance';
      if (explain) ev.push({ kind: 'distance', value: `${formatDistance(d)} : trop éloignés`, weight: -10 });
      return -10;
    }
    const w = d <= 30 ? 2 : d <= 100 ? 1.5 : d <= 200 ? 0.8 : d <= 300 ? 0 : -3;
    if (w > 0) locationAgrees = true;
    score += w;
    if (explain && w !== 0) ev.push({ kind: 'distance', value: formatDistance(d), weight: w });
  }

  // A bus parked at a France Services site is another lieu than the site itself, with the same address and
  // often the same phone: the itinerance field, or a name saying "bus" on one side only, tells them apart.
  if (a.itinerant !== undefined && b.itinerant !== undefined && a.itinerant !== b.itinerant) {
    lastVeto = 'un lieu itinérant et un lieu fixe';
    if (explain)
      ev.push({ kind: 'typologie', value: 'lieu itinérant ≠ lieu fixe (itinerance)', weight: -10 });
    return score - 10;
  }
  if (
    (a.itinerantName && !b.itinerantName && b.itinerant !== true) ||
    (b.itinerantName && !a.itinerantName && a.itinerant !== true)
  ) {
    lastVeto = 'un seul des noms désigne un lieu itinérant';
    if (explain)
      ev.push({ kind: 'name', value: 'un seul des noms désigne un lieu itinérant (bus…)', weight: -10 });
    return score - 10;
  }

  // Name.
  const types =
    a.nameTypes.length > 0 && b.nameTypes.length > 0 ? typologyRelation(a.nameTypes, b.nameTypes) : 'same';
  if (types === 'conflict') {
    if (explain) {
      lastVeto = `types de lieu incompatibles dans les noms : ${a.nameTypes.join('/')} ≠ ${b.nameTypes.join('/')}`;
      ev.push({ kind: 'name', value: lastVeto, weight: -10 });
    } else lastVeto = 'name';
    return score - 10;
  }
  // In one commune, a name that omits the commune ("Médiathèque Sud" / "Médiathèque Sud - Talence") loses
  // nothing; across communes, "France Services Beauvezer" and "France Services Saint-André" differ.
  const sameCommune = !(a.codeInsee && b.codeInsee && communeOf(a.codeInsee) !== communeOf(b.codeInsee));
  const s = softJaccard(a.name, b.name, sameCommune);
  let distinctive = lastDistinctive;
  if (lastCommuneMatched && types === 'same' && a.nameTypes.length > 0) {
    for (const t of a.nameTypes) {
      if (b.nameTypes.includes(t)) distinctive = Math.max(distinctive, ONE_PER_COMMUNE.get(t) ?? 0);
    }
  }
  let nameWeight =
    s >= 0.5 ? 3 * ((s - 0.5) / 0.5) * (0.4 + 0.6 * Math.min(1, distinctive)) : -3 * ((0.5 - s) / 0.5);
  if (types === 'compatible') nameWeight = Math.min(nameWeight, -5);
  score += nameWeight;
  if (explain && nameWeight !== 0) {
    ev.push({
      kind: 'name',
      value:
        types === 'compatible'
          ? `nom ${s.toFixed(2)}, types de lieu différents : ${a.nameTypes.join('/')} ≠ ${b.nameTypes.join('/')}`
          : `nom ${s.toFixed(2)}`,
      weight: round2(nameWeight),
    });
  }

  // Address (number + street), and the commune when geography cannot speak.
  if (a.address && b.address) {
    const aa = a.address;
    const ba = b.address;
    const ss = streetSimilarity(a, b);
    let w = 0;
    let finding: AddressFinding = 'none';
    if (ss !== undefined && ss >= 0.8) {
      if (aa.number !== undefined && ba.number !== undefined) {
        const overlap = aa.number <= (ba.numberTo ?? ba.number) && ba.number <= (aa.numberTo ?? aa.number);
        if (!overlap) {
          if (explain) {
            lastVeto = `numéros différents dans la même voie : ${formatNumber(aa)} ≠ ${formatNumber(ba)}`;
            ev.push({ kind: 'address', value: lastVeto, weight: -10 });
          } else lastVeto = 'address';
          return score - 10;
        }
        if ((aa.index ?? '') === (ba.index ?? '')) {
          w = 2.5;
          finding = 'same';
        } else if (!aa.index || !ba.index) {
          w = 1.5;
          finding = 'same-index-one-side';
        } else {
          w = -2;
          finding = 'index-differs';
        }
      } else if (aa.number === undefined && ba.number === undefined) {
        // "Place de la Mairie" on both sides: as precise as either producer could be.
        w = 1.5;
        finding = 'same-street-no-number';
      } else {
        w = 0.8;
        finding = 'street-only';
      }
    } else if (ss !== undefined && ss < 0.5) {
      w = aa.number !== undefined && ba.number !== undefined ? -2 : -1;
      finding = 'streets-differ';
    }
    let commune: 'same' | 'differs' | 'none' = 'none';
    let codes = '';
    if (!bothCoords) {
      // Without coordinates, the commune is what tells "12 rue de la République" in two towns apart.
      const insee = a.codeInsee !== undefined && b.codeInsee !== undefined;
      const ca = insee ? communeOf(a.codeInsee!) : a.codePostal && b.codePostal ? a.codePostal : undefined;
      const cb = insee ? communeOf(b.codeInsee!) : a.codePostal && b.codePostal ? b.codePostal : undefined;
      if (ca !== undefined && cb !== undefined) {
        if (ca !== cb) {
          // Different INSEE codes: different places, whatever the street says. Postcodes are less reliable
          // (several per city, CEDEX), so they only weigh against.
          w = insee ? Math.min(w, 0) - 2 : w - 1;
          commune = 'differs';
          codes = `${insee ? 'communes différentes' : 'codes postaux différents'} : ${ca} ≠ ${cb}`;
        } else if (w > 0) {
          w += 0.5;
          commune = 'same';
          codes = ca;
        }
      }
    }
    if (w > 0) locationAgrees = true;
    score += w;
    if (explain && w !== 0) {
      const both = `« ${a.addressText} » / « ${b.addressText} »`;
      const texts: Record<AddressFinding, string> = {
        same: `même adresse : ${both}`,
        'same-index-one-side': `même adresse, indice de répétition d'un seul côté : ${both}`,
        'index-differs': `indices de répétition différents : ${both}`,
        'same-street-no-number': `même voie, sans numéro : ${both}`,
        'street-only': `même voie, numéro absent d'un côté : ${both}`,
        'streets-differ': `voies différentes : ${both}`,
        none: '',
      };
      const parts = [texts[finding]];
      if (commune === 'same') parts[0] += ` (${codes})`;
      if (commune === 'differs') parts.push(codes);
      ev.push({ kind: 'address', value: parts.filter(Boolean).join(' ; '), weight: round2(w) });
    }
  }

  // Identifiers: strong when unique to one lieu per source, weak when a source reuses them (a city's SIRET
  // for all its libraries, a switchboard number, a shared mailbox or website).
  let pivotW = 0;
  let phoneW = 0;
  let emailW = 0;
  let websiteW = 0;
  let sharedEmail: string | undefined;
  let websiteFinding: { full: boolean; shared: boolean; value: string } | undefined;
  if (a.pivot && b.pivot) {
    if (a.pivot === b.pivot) {
      pivotW = isShared(corpus, 'pivot', a.pivot) ? 0.3 : 2.5;
    } else {
      score -= 0.5;
      if (explain)
        ev.push({ kind: 'pivot', value: `SIRET différents : ${a.pivot} ≠ ${b.pivot}`, weight: -0.5 });
    }
  }
  if (a.phone && b.phone && a.phone === b.phone) phoneW = isShared(corpus, 'phone', a.phone) ? 0.5 : 2;
  else if (a.phone && b.phone && a.sourceId === b.sourceId) {
    // Across sources a lieu often has several numbers; one producer giving two records two numbers is
    // describing two services.
    score -= 1;
    if (explain)
      ev.push({
        kind: 'phone',
        value: `téléphones différents dans une même source : ${a.phone} ≠ ${b.phone}`,
        weight: -1,
      });
  }
  if (a.emails.length > 0 && b.emails.length > 0) {
    for (const e of a.emails) {
      if (!b.emails.includes(e)) continue;
      const w = isShared(corpus, 'email', e) ? 0.5 : 2;
      if (w > emailW) {
        emailW = w;
        sharedEmail = e;
      }
    }
  }
  if (a.urls.length > 0 && b.urls.length > 0) {
    for (const ua of a.urls) {
      for (const ub of b.urls) {
        let w = 0;
        let finding: typeof websiteFinding;
        if (ua.full === ub.full && ua.full !== ua.host) {
          const shared = isShared(corpus, 'url', ua.full);
          w = shared ? 0.3 : 1.5;
          finding = { full: true, shared, value: ua.full };
        } else if (ua.host === ub.host && corpus.identifiers.count('host', ua.host) > 0) {
          // Hosts absent from the counts are generic (facebook.com, wixsite.com…) and prove nothing.
          const shared = isShared(corpus, 'host', ua.host);
          w = shared ? 0.3 : 1;
          finding = { full: false, shared, value: ua.host };
        }
        if (w > websiteW) {
          websiteW = w;
          websiteFinding = finding;
        }
      }
    }
  }
  const identifierTotal = pivotW + phoneW + emailW + websiteW;
  const scale = identifierTotal > IDENTIFIER_CAP ? IDENTIFIER_CAP / identifierTotal : 1;
  score += identifierTotal * scale;
  if (explain && identifierTotal > 0) {
    const capped = scale < 1 ? ` (identifiants plafonnés à ${IDENTIFIER_CAP})` : '';
    const count = (kind: IdentifierKind, value: string) => corpus.identifiers.count(kind, value);
    if (pivotW > 0) {
      ev.push({
        kind: 'pivot',
        value:
          (pivotW < 1
            ? `SIRET ${a.pivot} partagé par ${count('pivot', a.pivot!)} lieux`
            : `SIRET identique ${a.pivot}`) + capped,
        weight: round2(pivotW * scale),
      });
    }
    if (phoneW > 0) {
      ev.push({
        kind: 'phone',
        value:
          (phoneW < 1
            ? `téléphone ${a.phone} partagé par ${count('phone', a.phone!)} lieux (standard)`
            : `téléphone identique ${a.phone}`) + capped,
        weight: round2(phoneW * scale),
      });
    }
    if (emailW > 0) {
      ev.push({
        kind: 'email',
        value:
          (emailW < 1
            ? `courriel ${sharedEmail} partagé par ${count('email', sharedEmail!)} lieux`
            : `courriel identique ${sharedEmail}`) + capped,
        weight: round2(emailW * scale),
      });
    }
    if (websiteW > 0 && websiteFinding) {
      const f = websiteFinding;
      const what = f.full ? `page web ${f.value}` : `site ${f.value}`;
      ev.push({
        kind: 'website',
        value:
          (f.shared
            ? `${what} partagé par ${count(f.full ? 'url' : 'host', f.value)} lieux`
            : `même ${what}`) + capped,
        weight: round2(websiteW * scale),
      });
    }
  }

  // Typologie.
  if (a.typologie.length > 0 && b.typologie.length > 0) {
    const relation = typologyRelation(a.typologie, b.typologie);
    const w = relation === 'same' ? 0.5 : relation === 'conflict' ? -4 : 0;
    score += w;
    if (explain && w !== 0) {
      ev.push({
        kind: 'typologie',
        value:
          relation === 'same'
            ? `typologie commune : ${a.typologie.filter((t) => b.typologie.includes(t)).join('/')}`
            : `typologies incompatibles : ${a.typologie.join('/')} ≠ ${b.typologie.join('/')}`,
        weight: w,
      });
    }
  }

  // Identifiers and names are shared by the sites of one organisation: a merge also needs the places to
  // coincide (close coordinates or the same street).
  if (!locationAgrees) lastVeto = 'aucun indice de localisation commune (distance, adresse)';
  return score;
}

/** Paris, Lyon and Marseille arrondissements compare as their commune (75056, 69123, 13055). */
function communeOf(codeInsee: string): string {
  if (/^751(?:0[1-9]|1\d|20)$/.test(codeInsee)) return '75056';
  if (/^6938[1-9]$/.test(codeInsee)) return '69123';
  if (/^132(?:0[1-9]|1[0-6])$/.test(codeInsee)) return '13055';
  return codeInsee;
}

function isShared(corpus: Corpus, kind: IdentifierKind, value: string): boolean {
  return corpus.identifiers.shared(kind, value);
}
