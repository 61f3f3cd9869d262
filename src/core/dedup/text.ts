/**
 * Text folding for duplicate detection: names and addresses are reduced to comparable tokens once per
 * lieu (accents, case, punctuation, stop words, abbreviations, synonyms), so pair scoring only compares
 * small arrays of strings.
 */

const NON_ASCII = /[^\x00-\x7f]/;

/** Lowercase, strip accents and punctuation; dotted acronyms (C.C.A.S.) are joined first. */
export function foldText(value: string): string {
  let s = value;
  // Most names and addresses are partly ASCII already; the Unicode work is only done when needed.
  if (NON_ASCII.test(s)) {
    s = s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[œŒ]/g, 'oe')
      .replace(/[æÆ]/g, 'ae')
      .replace(/ß/g, 'ss');
  }
  s = s.toLowerCase();
  if (s.includes('.')) s = s.replace(/\b(?:[a-z]\.){2,}/g, (m) => m.replace(/\./g, '') + ' ');
  return s.replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * Light French stemming, enough to make singular/plural and masculine/feminine forms meet
 * (médiathèques → mediatheque → mediathequ, municipale → municipal). Both sides of a comparison are
 * stemmed the same way, so the stems only need to be consistent, not pretty.
 */
export function stem(token: string): string {
  let t = token;
  if (/^\d+$/.test(t) || t.length <= 3) return t;
  if (/[^e]aux$/.test(t)) t = t.slice(0, -3) + 'al';
  else if (/[^s]s$/.test(t) || /(?:au|eu)x$/.test(t)) t = t.slice(0, -1);
  if (t.length > 4 && t.endsWith('e')) t = t.slice(0, -1);
  return t;
}

/** Articles and small linking words, ignored in street names and in lieu names alike. */
const ARTICLES = ['de', 'd', 'la', 'le', 'les', 'l', 'du', 'des', 'et', 'a', 'au', 'aux', 'en'] as const;

const NAME_STOP_WORDS = new Set<string>([
  ...ARTICLES,
  'sur',
  'sous',
  'pour',
  'par',
  'un',
  'une',
  'chez',
  'dans',
  'avec',
]);

/**
 * Multi-word phrases rewritten to one canonical token before splitting (France Services has been
 * called MSAP, "maison de services au public", "FS"…). Longest phrases first.
 */
const NAME_PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bmaisons? (?:de |des )?services? (?:au |aux )?publics?\b/g, 'franceservices'],
  [/\b(?:maison |espace |point )?frances? services?\b/g, 'franceservices'],
  [/\bmsap\b/g, 'franceservices'],
  [/\bfs\b/g, 'franceservices'],
  [/\bcentres? communa(?:l|ux) (?:d )?action sociale\b/g, 'ccas'],
  [/\bcentres? intercommuna(?:l|ux) (?:d )?action sociale\b/g, 'cias'],
  [/\bhotels? (?:de )?ville\b/g, 'mairie'],
  [/\bespaces? publics? numeriques?\b/g, 'epn'],
  [/\bmaisons? (?:des |de )?jeunes (?:et )?(?:de )?(?:la )?culture\b/g, 'mjc'],
  [/\b(?:points?|bureaux?|centres?) (?:d )?(?:informations?|info) jeunesse\b/g, 'pij'],
  [/\bbij\b/g, 'pij'],
  [/\bmissions? locales?\b/g, 'missionlocale'],
  [/\bcentres? (?:socio ?culturels?|sociale?s?|sociaux)\b/g, 'centresocial'],
  [/\bespaces? (?:de )?vie sociale\b/g, 'evs'],
  [/\btiers ?lieux?\b/g, 'tierslieu'],
  [/\bcaisses? (?:d )?allocations? familiales?\b/g, 'caf'],
  [/\bcommunautes? (?:de )?communes\b/g, 'cdc'],
  [/\bcommunautes? (?:d )?agglomeration\b/g, 'agglo'],
  [/\bcyber ?bases?\b/g, 'cyberbase'],
  [/\b(?:bureau (?:de )?)?la poste\b/g, 'laposte'],
  [/\bpole emploi\b|\bfrance travail\b/g, 'francetravail'],
  [/\bmaisons? (?:de )?quartiers?\b/g, 'maisonquartier'],
  [/\bmaisons? departementales? (?:des )?solidarites?\b/g, 'mds'],
  [/\bfab ?labs?\b/g, 'fablab'],
];

/** Single-token abbreviations and synonyms, applied after splitting. */
const NAME_SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['sts', 'saints'],
  ['stes', 'saintes'],
  ['asso', 'association'],
  ['assoc', 'association'],
  ['bibli', 'bibliotheque'],
  ['biblio', 'bibliotheque'],
  ['mediatheque', 'bibliotheque'],
  ['mediatheques', 'bibliotheque'],
  ['bibliotheques', 'bibliotheque'],
  ['cc', 'cdc'],
  ['mun', 'municipale'],
  ['munic', 'municipale'],
  ['num', 'numerique'],
  ['ctre', 'centre'],
  ['sce', 'service'],
  ['dept', 'departement'],
  ['cyberespace', 'cyberbase'],
]);

/**
 * Tokens naming a kind of place, mapped to the typologie code (data·inclusion vocabulary) they imply.
 * Two names whose kinds differ ("Médiathèque X" / "CCAS X") describe different lieux even at the same address.
 */
const RAW_TYPE_TOKENS: ReadonlyArray<readonly [string, string]> = [
  ['franceservices', 'RFS'],
  ['bibliotheque', 'BIB'],
  ['ludotheque', 'LUDO'],
  ['ccas', 'CCAS'],
  ['cias', 'CIAS'],
  ['mairie', 'MUNI'],
  ['epn', 'EPN'],
  ['cyberbase', 'EPN'],
  ['mjc', 'MJC'],
  ['pij', 'PIJ_BIJ'],
  ['missionlocale', 'ML'],
  ['caf', 'CAF'],
  ['cpam', 'CPAM'],
  ['msa', 'MSA'],
  ['laposte', 'LA_POSTE'],
  ['centresocial', 'CS'],
  ['evs', 'EVS'],
  ['tierslieu', 'TIERS_LIEUX'],
  ['fablab', 'FABLAB'],
  ['cdc', 'EPCI'],
  ['agglo', 'EPCI'],
  ['francetravail', 'FT'],
  ['maisonquartier', 'MQ'],
  ['mds', 'MDS'],
  ['pimms', 'PIMMS'],
  ['prefecture', 'PREF'],
  ['emmaus', 'EMMAUS'],
];

/** Descriptive words that many unrelated lieux share: they weigh little in a name. */
const RAW_GENERIC_TOKENS = [
  'espace',
  'maison',
  'centre',
  'point',
  'numerique',
  'municipale',
  'municipal',
  'communal',
  'communale',
  'intercommunal',
  'intercommunale',
  'social',
  'sociale',
  'culturel',
  'culturelle',
  'public',
  'publique',
  'ville',
  'service',
  'accueil',
  'information',
  'multimedia',
  'informatique',
  'internet',
  'relais',
  'antenne',
  'site',
  'bureau',
  'annexe',
  'quartier',
  'agence',
  'lieu',
  'local',
  'atelier',
  'club',
  'cyber',
  'pole',
  'permanence',
  'france',
  'emploi',
  'solidarite',
  'solidaire',
  'jeune',
  'jeunesse',
  'senior',
  'famille',
  'departement',
  'departemental',
  'departementale',
  'regional',
  'regionale',
  'inclusion',
  'mediation',
  'conseiller',
  'aide',
  'demarche',
  'administrative',
  'association',
  'medico',
  'sante',
  'formation',
  'insertion',
  'principal',
  'principale',
  'secondaire',
  'itinerant',
  'itinerante',
  'itinerance',
  'bus',
  'camion',
  'mobile',
  'commune',
  'communaute',
  'pays',
  'territoire',
  'structure',
  'salle',
  'cafe',
  'connect',
  'connecte',
  'digital',
];

export const TYPE_TOKENS: ReadonlyMap<string, string> = new Map(
  RAW_TYPE_TOKENS.map(([t, c]) => [stem(t), c]),
);
const GENERIC_TOKENS: ReadonlySet<string> = new Set(RAW_GENERIC_TOKENS.map(stem));

export type NameTokenClass = 'type' | 'generic' | 'commune' | 'proper' | 'initial';

export interface NameToken {
  /** Folded, stemmed token. */
  readonly text: string;
  readonly cls: NameTokenClass;
}

/** Folded, stemmed tokens of a free-text label, with phrases and abbreviations canonicalised. */
/** All phrases in one regular expression: one pass per name instead of one per phrase. */
const PHRASES_RE = new RegExp(NAME_PHRASES.map(([re]) => `(${re.source})`).join('|'), 'g');

/** "J. Prévert", "A. Mandela": an initial, kept apart from the elided "l'", "d'" and the folded "à". */
const INITIAL_RE = /(^|[\s("«'’-])(\p{L})\.(?=\s|$)/gu;
const INITIAL_MARK = 'zzinit';

export function nameTokens(name: string): string[] {
  const marked = name.replace(INITIAL_RE, `$1${INITIAL_MARK}$2 `);
  const folded = ` ${foldText(marked)} `.replace(PHRASES_RE, (...groups: unknown[]) => {
    for (let g = 1; g <= NAME_PHRASES.length; g++)
      if (groups[g] !== undefined) return NAME_PHRASES[g - 1]![1];
    return String(groups[0]);
  });
  const out: string[] = [];
  for (const raw of folded.split(' ')) {
    if (!raw || NAME_STOP_WORDS.has(raw)) continue;
    if (raw.length === INITIAL_MARK.length + 1 && raw.startsWith(INITIAL_MARK)) {
      const initial = raw.slice(-1);
      if (!out.includes(initial)) out.push(initial);
      continue;
    }
    const token = stem(NAME_SYNONYMS.get(raw) ?? raw);
    if (!out.includes(token)) out.push(token);
  }
  return out;
}

/**
 * Classifies a lieu's name tokens (`communeTokens`: `nameTokens` of its commune). Tokens of the commune carry little weight: "Mairie de
 * Talence" and "CCAS de Talence" share "talence" only because they are in the same town.
 */
export function classifyNameTokens(name: string, communeTokens: ReadonlySet<string>): NameToken[] {
  return nameTokens(name).map((text) => {
    let cls: NameTokenClass;
    if (TYPE_TOKENS.has(text)) cls = 'type';
    else if (communeTokens.has(text)) cls = 'commune';
    else if (GENERIC_TOKENS.has(text)) cls = 'generic';
    else if (text.length === 1 && /[a-z]/.test(text)) cls = 'initial';
    else cls = 'proper';
    return { text, cls };
  });
}

// Reused buffers: Jaro–Winkler runs millions of times in a dedup pass and must not allocate.
let matchedABuffer = new Uint8Array(64);
let matchedBBuffer = new Uint8Array(64);

/** Jaro–Winkler similarity in [0, 1], for typos in long tokens. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > matchedABuffer.length || lb > matchedBBuffer.length) {
    matchedABuffer = new Uint8Array(Math.max(la, lb) * 2);
    matchedBBuffer = new Uint8Array(Math.max(la, lb) * 2);
  }
  const matchedA = matchedABuffer;
  const matchedB = matchedBBuffer;
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || c !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

const isDigitCode = (code: number) => code >= 48 && code <= 57;

/**
 * Similarity of two tokens in [0, 1]: equal, initial ("j" / "jacques"), abbreviation by prefix
 * ("republ" / "republique") or a typo in a long token. Numbers only match exactly.
 */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (isDigitCode(a.charCodeAt(0)) || isDigitCode(b.charCodeAt(0))) return 0;
  if (la === 1 || lb === 1) {
    return la !== lb && a.charCodeAt(0) === b.charCodeAt(0) ? 0.8 : 0;
  }
  const short = la <= lb ? a : b;
  const long = la <= lb ? b : a;
  if (short.length >= 4 && long.length >= short.length + 2 && long.startsWith(short)) return 0.85;
  // Jaro–Winkler ≥ 0.92 needs nearly equal lengths and, in practice, the same first letter.
  if (short.length >= 5 && long.length - short.length <= 2 && a.charCodeAt(0) === b.charCodeAt(0)) {
    const jw = jaroWinkler(a, b);
    if (jw >= 0.92) return jw;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// Addresses

/** Street type abbreviations (BAN and common producer spellings) → full folded word. */
const STREET_TYPES: ReadonlyMap<string, string> = new Map([
  ['r', 'rue'],
  ['rue', 'rue'],
  ['av', 'avenue'],
  ['ave', 'avenue'],
  ['avenue', 'avenue'],
  ['bd', 'boulevard'],
  ['bld', 'boulevard'],
  ['blvd', 'boulevard'],
  ['boul', 'boulevard'],
  ['boulevard', 'boulevard'],
  ['pl', 'place'],
  ['place', 'place'],
  ['ch', 'chemin'],
  ['chem', 'chemin'],
  ['chemin', 'chemin'],
  ['imp', 'impasse'],
  ['impasse', 'impasse'],
  ['all', 'allee'],
  ['al', 'allee'],
  ['allee', 'allee'],
  ['allees', 'allee'],
  ['rte', 'route'],
  ['route', 'route'],
  ['sq', 'square'],
  ['square', 'square'],
  ['crs', 'cours'],
  ['cours', 'cours'],
  ['fg', 'faubourg'],
  ['fbg', 'faubourg'],
  ['faubourg', 'faubourg'],
  ['qu', 'quai'],
  ['qua', 'quai'],
  ['quai', 'quai'],
  ['pass', 'passage'],
  ['passage', 'passage'],
  ['prom', 'promenade'],
  ['promenade', 'promenade'],
  ['esp', 'esplanade'],
  ['esplanade', 'esplanade'],
  ['rpt', 'rond point'],
  ['lot', 'lotissement'],
  ['lotissement', 'lotissement'],
  ['res', 'residence'],
  ['residence', 'residence'],
  ['ham', 'hameau'],
  ['hameau', 'hameau'],
  ['sen', 'sente'],
  ['sente', 'sente'],
  ['tra', 'traverse'],
  ['traverse', 'traverse'],
  ['vla', 'villa'],
  ['villa', 'villa'],
  ['cite', 'cite'],
  ['parvis', 'parvis'],
  ['mail', 'mail'],
  ['voie', 'voie'],
  ['za', 'zone'],
  ['zac', 'zone'],
  ['zi', 'zone'],
  ['zone', 'zone'],
  ['espl', 'esplanade'],
]);

/** Abbreviated titles and words in street names. */
const STREET_SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['gal', 'general'],
  ['gen', 'general'],
  ['gl', 'general'],
  ['mal', 'marechal'],
  ['pdt', 'president'],
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['dr', 'docteur'],
  ['prof', 'professeur'],
  ['cdt', 'commandant'],
  ['cmdt', 'commandant'],
  ['lt', 'lieutenant'],
  ['capt', 'capitaine'],
  ['nd', 'notre dame'],
  ['ave', 'avenue'],
]);

const REPETITION_INDEX: ReadonlyMap<string, string> = new Map([
  ['b', 'bis'],
  ['bis', 'bis'],
  ['t', 'ter'],
  ['ter', 'ter'],
  ['q', 'quater'],
  ['quater', 'quater'],
  ['quinquies', 'quinquies'],
  ['c', 'c'],
  ['d', 'd'],
  ['a', 'a'],
]);

export interface ParsedAddress {
  /** House number (first of a range "5-9"). */
  readonly number?: number;
  /** Last number of a range "5-9 rue…" (equal to `number` otherwise). */
  readonly numberTo?: number;
  /** Repetition index: bis, ter, quater… */
  readonly index?: string;
  /** Street type, folded full word (rue, avenue…). */
  readonly streetType?: string;
  /** Folded, stemmed street name tokens, stop words removed. */
  readonly street: readonly string[];
}

const ADDRESS_STOP_WORDS = new Set<string>(ARTICLES);
/** Postal words that are not part of a street ("BP 12", "CS 30012", "CEDEX"). */
const POSTAL_NOISE = /\b(?:bp|cs|tsa|cedex)\s*\d*\b/g;

/**
 * Splits an address line into house number, repetition index, street type and name tokens:
 * "12 bis rue de la République", "12B R. République" and "12 BIS, RUE DE LA REPUBLIQUE" give the same parts.
 */
export function parseAddress(address: string): ParsedAddress {
  // Glue "12b" / "12 b" / "12bis" into "12 bis" before folding splits letters off.
  const folded = foldText(address)
    .replace(POSTAL_NOISE, ' ')
    .replace(/\b(\d+)(bis|ter|quater|b|t|q)\b/g, '$1 $2')
    .trim();
  const words = folded.split(' ').filter(Boolean);
  // The house number is the first number followed (maybe after a range or index) by a street type; when
  // nothing has a street type, a leading number.
  let start = -1;
  for (let i = 0; i < words.length; i++) {
    if (!/^\d{1,4}$/.test(words[i]!)) continue;
    let j = i + 1;
    if (/^\d{1,4}$/.test(words[j] ?? '') && Number(words[j]) > Number(words[i])) j++;
    if (REPETITION_INDEX.has(words[j] ?? '')) j++;
    if (STREET_TYPES.has(words[j] ?? '')) {
      start = i;
      break;
    }
  }
  if (start < 0 && /^\d{1,4}$/.test(words[0] ?? '')) start = 0;

  let number: number | undefined;
  let numberTo: number | undefined;
  let index: string | undefined;
  let rest: string[];
  if (start >= 0) {
    number = Number(words[start]);
    let j = start + 1;
    const next = words[j];
    if (next !== undefined && /^\d{1,4}$/.test(next) && Number(next) > number) {
      numberTo = Number(next);
      j++;
    }
    const idx = REPETITION_INDEX.get(words[j] ?? '');
    // A lone letter is an index only when a street follows it ("12 b rue…"), not "12 a…" noise.
    if (idx && (idx.length > 1 || STREET_TYPES.has(words[j + 1] ?? ''))) {
      index = idx;
      j++;
    }
    rest = words.slice(j);
  } else {
    // No number: the street starts at the first street type word ("Place de la Mairie").
    const typeAt = words.findIndex((w) => STREET_TYPES.has(w) && w.length > 1);
    rest = typeAt >= 0 ? words.slice(typeAt) : words;
  }
  let streetType: string | undefined;
  if (rest.length > 1 && STREET_TYPES.has(rest[0]!)) {
    streetType = STREET_TYPES.get(rest[0]!);
    rest = rest.slice(1);
  }
  const street: string[] = [];
  for (const word of rest) {
    if (ADDRESS_STOP_WORDS.has(word)) continue;
    for (const part of (STREET_SYNONYMS.get(word) ?? word).split(' ')) street.push(stem(part));
  }
  return {
    ...(number !== undefined ? { number, numberTo: numberTo ?? number } : {}),
    ...(index ? { index } : {}),
    ...(streetType ? { streetType } : {}),
    street,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Identifiers

/**
 * Normalises a phone number to E.164 when it is French-looking ("05 56 12 34 56", "0033 5…", "+33 (0)5…");
 * returns undefined when there are too few digits to be a number.
 */
export function normalizePhone(value: string): string | undefined {
  let digits = value.replace(/\(0\)/g, '').replace(/[^\d+]/g, '');
  if (!digits) return undefined;
  if (digits.startsWith('00')) digits = '+' + digits.slice(2);
  if (/^0\d{9}$/.test(digits)) digits = '+33' + digits.slice(1);
  digits = digits.replace(/(?!^)\+/g, '');
  const count = digits.replace('+', '').length;
  return count >= 6 ? digits : undefined;
}

/** SIRET/SIREN/RNA/RIDET without spaces; placeholders (all zeros, all one digit) count as absent. */
export function normalizePivot(value: string): string | undefined {
  const pivot = value.replace(/[\s.-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{9,14}$/.test(pivot)) return undefined;
  if (/^(\d)\1+$/.test(pivot)) return undefined;
  return pivot;
}

/** URL reduced to host (without www.) and path (without trailing slash, query or fragment). */
export function normalizeUrl(value: string): { host: string; full: string } | undefined {
  const trimmed = value.trim().toLowerCase();
  if (!trimmed) return undefined;
  const withoutScheme = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const match = /^([^/?#\s]+)([^?#\s]*)/.exec(withoutScheme);
  if (!match) return undefined;
  const host = match[1]!
    .replace(/^www\d?\./, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '');
  if (!host.includes('.')) return undefined;
  const path = (match[2] ?? '').replace(/\/+$/, '').replace(/\/index\.(?:html?|php)$/, '');
  return { host, full: host + path };
}

/**
 * Hosts that many unrelated lieux use (social networks, site builders, national portals, mail
 * providers): sharing one proves nothing; only the full URL (with its path) can.
 */
export const GENERIC_HOSTS: ReadonlySet<string> = new Set([
  'facebook.com',
  'm.facebook.com',
  'fr-fr.facebook.com',
  'fr.facebook.com',
  'business.facebook.com',
  'instagram.com',
  'twitter.com',
  'x.com',
  'linkedin.com',
  'fr.linkedin.com',
  'youtube.com',
  'tiktok.com',
  'linktr.ee',
  'sites.google.com',
  'google.com',
  'goo.gl',
  'maps.google.com',
  'wixsite.com',
  'wix.com',
  'jimdo.com',
  'jimdofree.com',
  'over-blog.com',
  'wordpress.com',
  'blogspot.com',
  'canalblog.com',
  'e-monsite.com',
  'webnode.fr',
  'pagesjaunes.fr',
  'service-public.fr',
  'france-services.gouv.fr',
  'lannuaire.service-public.fr',
  'gouv.fr',
  'caf.fr',
  'ameli.fr',
  'pole-emploi.fr',
  'francetravail.fr',
  'laposte.fr',
  'gmail.com',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'sfr.fr',
  'laposte.net',
  'hotmail.com',
  'hotmail.fr',
  'yahoo.fr',
  'yahoo.com',
  'outlook.com',
  'outlook.fr',
  'live.fr',
  'aidantsconnect.beta.gouv.fr',
  'helloasso.com',
  'fr.wikipedia.org',
  'acceslibre.beta.gouv.fr',
  'rdv-solidarites.fr',
  'doctolib.fr',
  'cartographie.societenumerique.gouv.fr',
  'conseiller-numerique.gouv.fr',
]);

/** True when `host` is a generic host or a subdomain of one (asso.wixsite.com, x.over-blog.com). */
export function isGenericHost(host: string): boolean {
  if (GENERIC_HOSTS.has(host)) return true;
  const dot = host.indexOf('.');
  return dot > 0 && GENERIC_HOSTS.has(host.slice(dot + 1));
}
