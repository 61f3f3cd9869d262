/**
 * Migration of one record of the standard v0.1 (`;` lists, 15 services, `publics_accueillis`,
 * `conditions_acces`, `labels_nationaux`…) to the standard v1.0.1.
 *
 * Why a dedicated mapping: the v0.1 vocabularies were not renamed one to one — some values split over two
 * v1 fields, some merge, some have no v1 equivalent. Every decision that loses or reinterprets information
 * is reported as a `MigrationNote` (in French, for the producer), so nothing disappears silently.
 *
 * Real v0.1 files are messy (Le Havre: ` / ` separators, typos, line breaks, curly apostrophes, v1 values
 * mixed in), so list values are read tolerantly: case, accents, apostrophes and spaces are ignored, known
 * variants are accepted, small misspellings are matched when unambiguous, and whatever still cannot be read
 * is reported value by value.
 *
 * Pure and isomorphic: no I/O; the caller reads and writes files.
 */
import { suggestTelephone } from './checks.js';
import {
  DISPOSITIF_PROGRAMMES_NATIONAUX,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  MODALITES_ACCOMPAGNEMENT,
  PRISE_EN_CHARGE_SPECIFIQUE,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
  TYPOLOGIES,
} from './enums.js';
import type { Service } from './enums.js';
import { FIELD_BY_NAME, FIELDS } from './fields.js';
import type { FlatRecord, LieuField } from './types.js';

export type MigrationNoteKind =
  /** A source value with no v1 equivalent: not carried over (or kept as free text, the message says). */
  | 'unmapped'
  /** Deliberately not carried over (v0-only field, value meaningless in v1, unknown column). */
  | 'dropped'
  /** Field or value renamed to its v1 spelling, including decisions and approximate spellings. */
  | 'renamed'
  /** One v0 field spread over several v1 fields (or a text split over two fields). */
  | 'split'
  /** A value the source lacked, derived by the migration (e.g. a stable id). */
  | 'defaulted'
  /** Same information, rewritten to the v1 format (telephone, postcode, separators, decimal point). */
  | 'reformatted';

export interface MigrationNote {
  /** Source column (v0 name) the note is about. */
  field: string;
  /** The source value concerned (a single list item when the note is about one item). */
  value: string;
  kind: MigrationNoteKind;
  /**
   * Stable name of the rule that produced the note (`publics.adultes`, `value.unknown`, `telephone.format`…),
   * to count and group notes; the same code always carries the same kind.
   */
  code: string;
  /** Plain French, for the producer. */
  message: string;
}

/** A v1.0.1 row: every field of the standard, in schema order, `''` when absent. */
export type MigratedRecord = FlatRecord & Record<LieuField, string>;

export interface MigrationResult {
  record: MigratedRecord;
  notes: MigrationNote[];
}

export const MIGRATION_NOTE_KINDS: readonly MigrationNoteKind[] = [
  'unmapped',
  'dropped',
  'renamed',
  'split',
  'defaulted',
  'reformatted',
];

const RESUME_MAX = FIELD_BY_NAME.get('presentation_resume')?.maxLength ?? 280;

// ---------------------------------------------------------------------------------------------------------
// Vocabularies: each term lists the spellings it accepts (first = official v0 or v1 spelling) and where it
// goes in v1. `decision` explains a mapping that reinterprets the source; it becomes a note per record.
// ---------------------------------------------------------------------------------------------------------

type ListTarget =
  | 'services'
  | 'publics_specifiquement_adresses'
  | 'prise_en_charge_specifique'
  | 'frais_a_charge'
  | 'dispositif_programmes_nationaux'
  | 'formations_labels'
  | 'autres_formations_labels'
  | 'modalites_accompagnement';

interface Target {
  field: ListTarget;
  value: string;
}

interface Term {
  aliases: readonly string[];
  to: readonly Target[];
  decision?: { kind: MigrationNoteKind; code: string; message: string };
}

const to = (field: ListTarget, ...values: string[]): Target[] => values.map((value) => ({ field, value }));
const identity = (field: ListTarget, values: readonly string[]): Term[] =>
  values.map((value) => ({ aliases: [value], to: to(field, value) }));

/** A v1 service name, checked by the compiler against the enumeration. */
const v1 = (service: Service): string => service;

/**
 * The 15 services of v0.1 (as the v0.1.1 schema's pattern lists them) and their v1 services.
 * Choices: health procedures are administrative procedures; entrepreneurship is professional insertion;
 * "culture" and "citoyenneté numérique" are understanding the digital world (v0.1 said nothing of security
 * or leisure, so neither is claimed).
 */
export const V0_SERVICES_MAPPING: ReadonlyArray<readonly [v0: string, v1: readonly string[]]> = [
  ['Devenir autonome dans les démarches administratives', [v1('Aide aux démarches administratives')]],
  [
    'Réaliser des démarches administratives avec un accompagnement',
    [v1('Aide aux démarches administratives')],
  ],
  ['Prendre en main un smartphone ou une tablette', [v1('Maîtrise des outils numériques du quotidien')]],
  ['Prendre en main un ordinateur', [v1('Maîtrise des outils numériques du quotidien')]],
  ['Utiliser le numérique au quotidien', [v1('Maîtrise des outils numériques du quotidien')]],
  ['Approfondir ma culture numérique', [v1('Compréhension du monde numérique')]],
  ['Favoriser mon insertion professionnelle', [v1('Insertion professionnelle via le numérique')]],
  ['Accéder à une connexion internet', [v1('Accès internet et matériel informatique')]],
  ['Accéder à du matériel', [v1('Accès internet et matériel informatique')]],
  ["S'équiper en matériel informatique", [v1('Acquisition de matériel informatique à prix solidaire')]],
  ['Créer et développer mon entreprise', [v1('Insertion professionnelle via le numérique')]],
  ['Créer avec le numérique', [v1('Loisirs et créations numériques')]],
  ['Accompagner les démarches de santé', [v1('Aide aux démarches administratives')]],
  ['Promouvoir la citoyenneté numérique', [v1('Compréhension du monde numérique')]],
  [
    "Soutenir la parentalité et l'éducation avec le numérique",
    [v1('Parentalité et éducation avec le numérique')],
  ],
];

const SERVICE_TERMS: Term[] = [
  ...V0_SERVICES_MAPPING.map(([v0, v1]) => ({ aliases: [v0], to: to('services', ...v1) })),
  ...identity('services', SERVICES),
];

const HANDICAPS_MENTAUX = 'Handicaps mentaux';
const PUBLIC_TERMS: Term[] = [
  {
    aliases: ['Seniors (+ 65 ans)', 'Seniors', 'Personnes âgées'],
    to: to('publics_specifiquement_adresses', 'Seniors'),
  },
  {
    aliases: [
      'Familles/enfants',
      'Familles/enfant',
      'Familles et/ou enfants',
      'Familles',
      'Enfants',
      'Enfant',
    ],
    to: to('publics_specifiquement_adresses', 'Familles et/ou enfants'),
  },
  {
    aliases: ['Jeunes (16-26 ans)', 'Jeunes (16/26 ans)', 'Jeunes'],
    to: to('publics_specifiquement_adresses', 'Jeunes'),
  },
  { aliases: ['Uniquement femmes', 'Femmes'], to: to('publics_specifiquement_adresses', 'Femmes') },
  {
    aliases: ['Adultes'],
    to: [],
    decision: {
      kind: 'dropped',
      code: 'publics.adultes',
      message:
        "« Adultes » n'a pas d'équivalent en v1 : un lieu accueille tout public par défaut, seuls les publics spécifiquement adressés sont déclarés.",
    },
  },
  {
    aliases: ['Public langues étrangères', 'Langues étrangères'],
    to: to('prise_en_charge_specifique', 'Langues étrangères (autres)'),
    decision: {
      kind: 'renamed',
      code: 'publics.langues_etrangeres',
      message:
        "« Public langues étrangères » ne précise pas la langue : classé en « Langues étrangères (autres) » ; corrigez en « Langues étrangères (anglais) » si c'est l'anglais.",
    },
  },
  { aliases: ['Déficience visuelle'], to: to('prise_en_charge_specifique', 'Déficience visuelle') },
  { aliases: ['Surdité'], to: to('prise_en_charge_specifique', 'Surdité') },
  {
    aliases: [
      'Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales',
      'Handicaps psychiques',
    ],
    to: to('prise_en_charge_specifique', HANDICAPS_MENTAUX),
    decision: {
      kind: 'renamed',
      code: 'publics.handicaps_psychiques',
      message:
        "« Handicaps psychiques » n'existe plus en v1 : classé en « Handicaps mentaux », la valeur la plus proche.",
    },
  },
  {
    aliases: ["Handicaps mentaux : déficiences limitant les activités d'une personne", HANDICAPS_MENTAUX],
    to: to('prise_en_charge_specifique', HANDICAPS_MENTAUX),
  },
  {
    aliases: ["Personnes en situation d'illettrisme", 'Illettrisme'],
    to: to('prise_en_charge_specifique', 'Illettrisme'),
  },
  ...identity('publics_specifiquement_adresses', PUBLICS_SPECIFIQUEMENT_ADRESSES),
  ...identity('prise_en_charge_specifique', PRISE_EN_CHARGE_SPECIFIQUE),
];

const FRAIS_TERMS: Term[] = [
  {
    aliases: ['Gratuit : Je peux accéder gratuitement au lieu et à ses services', 'Gratuit'],
    to: to('frais_a_charge', 'Gratuit'),
  },
  {
    aliases: [
      'Gratuit sous condition : La gratuité est conditionnée à des critères (situation familiale, convention avec un organisme social...)',
      'Gratuit sous condition',
    ],
    to: to('frais_a_charge', 'Gratuit sous condition'),
  },
  {
    aliases: ["Payant : L'accès au lieu et/ou à ses services est payant", 'Payant'],
    to: to('frais_a_charge', 'Payant'),
  },
  {
    aliases: ["Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer", 'Adhésion'],
    to: to('frais_a_charge', 'Payant'),
    decision: {
      kind: 'renamed',
      code: 'frais.adhesion',
      message:
        "« Adhésion » n'existe plus en v1 : une adhésion est un coût pour la personne, classée « Payant ».",
    },
  },
  {
    aliases: [
      "Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu",
      'Accepte le Pass numérique',
      'Pass numérique',
    ],
    to: to('frais_a_charge', 'Gratuit sous condition'),
    decision: {
      kind: 'renamed',
      code: 'frais.pass_numerique',
      message:
        "« Accepte le Pass numérique » n'existe plus en v1 : le Pass numérique rend le service gratuit pour qui en dispose, classé « Gratuit sous condition ».",
    },
  },
  ...identity('frais_a_charge', FRAIS_A_CHARGE),
];

function keptAsOtherLabel(label: string): Term {
  return {
    aliases: [label],
    to: to('autres_formations_labels', label),
    decision: {
      kind: 'unmapped',
      code: 'labels.sans_equivalent',
      message: `« ${label} » n'a pas d'équivalent dans les listes v1 : conservé dans autres_formations_labels.`,
    },
  };
}

const LABEL_TERMS: Term[] = [
  {
    aliases: ['France Services', 'France Service'],
    to: to('dispositif_programmes_nationaux', 'France Services'),
  },
  {
    aliases: [
      'CNFS',
      'Conseillers numériques',
      'Conseiller numérique',
      'Conseillers numériques France Services',
    ],
    to: to('dispositif_programmes_nationaux', 'Conseillers numériques'),
  },
  {
    aliases: ['Aidants Connect', 'Aidant Connect'],
    to: to('dispositif_programmes_nationaux', 'Aidants Connect'),
  },
  {
    aliases: ['Grandes écoles du numérique', 'Grande école du numérique'],
    to: to('dispositif_programmes_nationaux', 'Grande école du numérique'),
  },
  {
    aliases: ['Point numérique CAF', 'Point relais CAF'],
    to: to('dispositif_programmes_nationaux', "Point d'accès numérique CAF"),
  },
  { aliases: ['Certification PIX', 'PIX'], to: to('dispositif_programmes_nationaux', 'Certification PIX') },
  {
    aliases: ['Fabriques de Territoire', 'Fabrique de Territoire'],
    to: to('formations_labels', 'Fabriques de Territoire'),
  },
  keptAsOtherLabel('APTIC'),
  keptAsOtherLabel('Relais pôle emploi'),
  keptAsOtherLabel('French Tech'),
  keptAsOtherLabel('Campus connecté'),
  ...identity('dispositif_programmes_nationaux', DISPOSITIF_PROGRAMMES_NATIONAUX),
  ...identity('formations_labels', FORMATIONS_LABELS),
];

const MODALITE_TERMS: Term[] = [
  {
    aliases: ["Seul : j'ai accès à du matériel et une connexion", 'Seul'],
    to: to('modalites_accompagnement', 'En autonomie'),
  },
  {
    aliases: ["Avec de l'aide : je suis accompagné seul dans l'usage du numérique", "Avec de l'aide"],
    to: to('modalites_accompagnement', 'Accompagnement individuel'),
  },
  {
    aliases: ["Dans un atelier : j'apprends collectivement à utiliser le numérique", 'Dans un atelier'],
    to: to('modalites_accompagnement', 'Dans un atelier collectif'),
  },
  {
    aliases: ['A ma place : une personne habilitée fait les démarches à ma place', 'A ma place'],
    to: to('modalites_accompagnement', 'Accompagnement individuel'),
    decision: {
      kind: 'renamed',
      code: 'modalites.a_ma_place',
      message:
        "« A ma place » (une personne habilitée fait les démarches) n'existe plus en v1 : classé « Accompagnement individuel ».",
    },
  },
  ...identity('modalites_accompagnement', MODALITES_ACCOMPAGNEMENT),
];

// ---------------------------------------------------------------------------------------------------------
// Tolerant reading of enumerated lists.
// ---------------------------------------------------------------------------------------------------------

/** Characters that separate list items in real v0 files (`;` official; `/`, `|`, `,`, line breaks seen). */
const SEPARATORS = new Set([';', '|', '/', ',']);
/** Spaces around these carry no meaning (`Familles/ enfant`, `(+ 65 ans)`, `Gratuit : …`). */
const TIGHT = new Set([';', '|', '/', ',', ':', '+']);
const APOSTROPHES = /[’‘`´ʼ]/;

/**
 * Folds text for comparison (lower case, no accents, one kind of apostrophe, no space around separators)
 * and keeps, for every folded character, the index of the source character it comes from.
 */
function foldWithMap(input: string): { text: string; map: number[] } {
  const chars: string[] = [];
  const map: number[] = [];
  const last = () => chars[chars.length - 1];
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    let c: string;
    if (code === 10 || code === 13) c = ';';
    else if (code < 128) c = code === 32 || code === 9 ? ' ' : code === 96 ? "'" : input[i]!.toLowerCase();
    else c = foldNonAscii(input[i]!);
    for (const ch of c) {
      if (ch === ' ') {
        const previous = last();
        if (previous === undefined || previous === ' ' || TIGHT.has(previous)) continue;
      } else if (TIGHT.has(ch) && last() === ' ') {
        chars.pop();
        map.pop();
      }
      chars.push(ch);
      map.push(i);
    }
  }
  if (last() === ' ') {
    chars.pop();
    map.pop();
  }
  return { text: chars.join(''), map };
}

const nonAsciiFolds = new Map<string, string>();

/** Accents off, lower case, one apostrophe, every kind of space a space (cached: few distinct characters). */
function foldNonAscii(char: string): string {
  let folded = nonAsciiFolds.get(char);
  if (folded === undefined) {
    if (/\s/.test(char)) folded = ' ';
    else if (APOSTROPHES.test(char)) folded = "'";
    else
      folded = char
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase();
    nonAsciiFolds.set(char, folded);
  }
  return folded;
}

export function foldForComparison(value: string): string {
  return foldWithMap(value).text;
}

interface CompiledVocabulary {
  /** Folded alias → term, aliases sorted longest first so that the most specific spelling wins. */
  aliases: Array<{ folded: string; term: Term }>;
  byFolded: Map<string, Term>;
  /** Readings of cells already seen (readings are never mutated by callers). */
  cache: Map<string, ListReading>;
}

function compile(terms: readonly Term[]): CompiledVocabulary {
  const byFolded = new Map<string, Term>();
  for (const term of terms) {
    for (const alias of term.aliases) {
      const folded = foldForComparison(alias);
      const existing = byFolded.get(folded);
      // Identity terms repeat v0 aliases (e.g. "Surdité"): the first, more informative term wins.
      if (!existing) byFolded.set(folded, term);
    }
  }
  const aliases = [...byFolded].map(([folded, term]) => ({ folded, term }));
  aliases.sort((a, b) => b.folded.length - a.folded.length);
  return { aliases, byFolded, cache: new Map() };
}

interface ListMatch {
  term: Term;
  /** Source text of the item (for notes). */
  source: string;
  /** True when matched despite a misspelling. */
  approximate: boolean;
}

interface ListReading {
  matches: ListMatch[];
  unknown: string[];
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[a-z0-9]/.test(c);
}

function levenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const curr = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(
        (prev[j] as number) + 1,
        (curr[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      curr.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = curr;
  }
  return prev[b.length] as number;
}

/**
 * Closest alias within a small edit distance (one edit per 8 characters, none under 8), only when no other
 * term is as close: "Déficiance visuelle", a truncated last letter, a stray character.
 */
function approximate(chunk: string, vocabulary: CompiledVocabulary): Term | undefined {
  if (chunk.length < 8) return undefined;
  const max = Math.floor(chunk.length / 8);
  let best: Term | undefined;
  let bestDistance = max + 1;
  let tie = false;
  for (const { folded, term } of vocabulary.aliases) {
    const d = levenshtein(chunk, folded, max);
    if (d < bestDistance) {
      best = term;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && term !== best && !sameTargets(term, best)) tie = true;
  }
  return bestDistance <= max && !tie ? best : undefined;
}

function sameTargets(a: Term, b: Term | undefined): boolean {
  if (!b || a.to.length !== b.to.length) return false;
  return a.to.every((t, i) => t.field === b.to[i]?.field && t.value === b.to[i]?.value);
}

/** Real files repeat the same cells over and over: each distinct cell is read once per vocabulary. */
const READ_CACHE_LIMIT = 10_000;

function readList(raw: string, vocabulary: CompiledVocabulary): ListReading {
  const cached = vocabulary.cache.get(raw);
  if (cached) return cached;
  const reading = readListUncached(raw, vocabulary);
  if (vocabulary.cache.size >= READ_CACHE_LIMIT) vocabulary.cache.clear();
  vocabulary.cache.set(raw, reading);
  return reading;
}

function readListUncached(raw: string, vocabulary: CompiledVocabulary): ListReading {
  const { text, map } = foldWithMap(raw);
  const sourceOf = (start: number, end: number) =>
    raw.slice(map[start] ?? 0, (map[end - 1] ?? raw.length - 1) + 1).trim();
  const matches: ListMatch[] = [];
  const unknown: string[] = [];

  // A known value must end at a separator, at the end, before a final full stop, or — when a producer
  // forgot the separator — right before another known value.
  const matchAt = (pos: number, depth: number): { term: Term; end: number } | undefined => {
    for (const { folded, term } of vocabulary.aliases) {
      if (!text.startsWith(folded, pos)) continue;
      const end = pos + folded.length;
      const next = text[end];
      if (next === undefined || SEPARATORS.has(next)) return { term, end };
      if (next === '.' && !isWordChar(text[end + 1])) return { term, end };
      if (next === ' ' && depth < 20 && matchAt(end + 1, depth + 1)) return { term, end };
    }
    return undefined;
  };

  let pos = 0;
  while (pos < text.length) {
    const c = text[pos] as string;
    if (SEPARATORS.has(c) || c === ' ' || c === '.') {
      pos++;
      continue;
    }
    const found = matchAt(pos, 0);
    if (found) {
      matches.push({ term: found.term, source: sourceOf(pos, found.end), approximate: false });
      pos = found.end;
      continue;
    }
    let end = pos;
    while (end < text.length && !SEPARATORS.has(text[end] as string)) end++;
    let chunkEnd = end;
    while (chunkEnd > pos && (text[chunkEnd - 1] === '.' || text[chunkEnd - 1] === ' ')) chunkEnd--;
    const chunk = text.slice(pos, chunkEnd);
    const near = approximate(chunk, vocabulary);
    if (near) matches.push({ term: near, source: sourceOf(pos, chunkEnd), approximate: true });
    else if (chunk) unknown.push(sourceOf(pos, chunkEnd));
    pos = end;
  }
  return { matches, unknown };
}

// ---------------------------------------------------------------------------------------------------------
// Columns.
// ---------------------------------------------------------------------------------------------------------

type ListSource = { vocabulary: CompiledVocabulary; label: string };

const SERVICES_VOCABULARY = compile(SERVICE_TERMS);
const PUBLICS_VOCABULARY = compile(PUBLIC_TERMS);
const FRAIS_VOCABULARY = compile(FRAIS_TERMS);
const LABELS_VOCABULARY = compile(LABEL_TERMS);
const MODALITES_VOCABULARY = compile(MODALITE_TERMS);

/** Enumerated source columns (v0 names, and v1 names when a file is half migrated). */
const LIST_COLUMNS: Record<string, ListSource> = {
  services: { vocabulary: SERVICES_VOCABULARY, label: 'services' },
  publics_accueillis: { vocabulary: PUBLICS_VOCABULARY, label: 'publics' },
  publics_specifiquement_adresses: { vocabulary: PUBLICS_VOCABULARY, label: 'publics' },
  prise_en_charge_specifique: { vocabulary: PUBLICS_VOCABULARY, label: 'prises en charge' },
  conditions_acces: { vocabulary: FRAIS_VOCABULARY, label: "conditions d'accès" },
  frais_a_charge: { vocabulary: FRAIS_VOCABULARY, label: 'frais à charge' },
  labels_nationaux: { vocabulary: LABELS_VOCABULARY, label: 'labels nationaux' },
  dispositif_programmes_nationaux: { vocabulary: LABELS_VOCABULARY, label: 'dispositifs nationaux' },
  formations_labels: { vocabulary: LABELS_VOCABULARY, label: 'formations et labels' },
  modalites_accompagnement: { vocabulary: MODALITES_VOCABULARY, label: "modalités d'accompagnement" },
};

/** v0 column → v1 column, for fields that only changed name. */
const RENAMED_COLUMNS: Record<string, string> = {
  courriel: 'courriels',
  accessibilite: 'fiche_acces_libre',
};

/** Spellings of column names seen in real files, folded (see `columnKey`) → canonical name. */
const COLUMN_ALIASES: Record<string, string> = {
  public_accueillis: 'publics_accueillis',
  publics_accueilli: 'publics_accueillis',
  public_accueilli: 'publics_accueillis',
  condition_acces: 'conditions_acces',
  label_nationaux: 'labels_nationaux',
  labels_national: 'labels_nationaux',
  label_autres: 'labels_autres',
  labels_autre: 'labels_autres',
  modalite_accompagnement: 'modalites_accompagnement',
  mail: 'courriel',
  email: 'courriel',
  site_internet: 'site_web',
  cle_ban: 'cle_ban',
};

const V0_ONLY_COLUMNS = new Set([
  'publics_accueillis',
  'conditions_acces',
  'labels_nationaux',
  'labels_autres',
  'courriel',
  'accessibilite',
  'cle_ban',
]);

const KNOWN_COLUMNS = new Set([
  ...FIELDS.map((f) => f.name),
  ...Object.keys(LIST_COLUMNS),
  ...Object.keys(RENAMED_COLUMNS),
  ...V0_ONLY_COLUMNS,
]);

const columnKeys = new Map<string, string>();

/** Column name folded: case, accents, spaces and hyphens do not matter (`Adresse`, `code postal`). */
function columnKey(name: string): string {
  let key = columnKeys.get(name);
  if (key === undefined) {
    const folded = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    key = COLUMN_ALIASES[folded] ?? folded;
    // Column names come from file headers: few distinct ones, but bound the cache against odd inputs.
    if (columnKeys.size > 1000) columnKeys.clear();
    columnKeys.set(name, key);
  }
  return key;
}

/** True when the columns are those of a v0.1 file (at least one column that v1 no longer has). */
export function looksLikeV0(columns: Iterable<string>): boolean {
  for (const column of columns) if (V0_ONLY_COLUMNS.has(columnKey(column))) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Scalar repairs: only rewrites that keep the information (format), never guesses.
// ---------------------------------------------------------------------------------------------------------

const TELEPHONE_PATTERN = new RegExp(FIELD_BY_NAME.get('telephone')?.pattern ?? '^\\+\\d{7,12}$');

/** One telephone number as the standard wants it (E.164, no space), or undefined when it is not one. */
function normalizeTelephone(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (TELEPHONE_PATTERN.test(trimmed)) return trimmed;
  const suggestion = suggestTelephone(trimmed);
  return suggestion !== undefined && TELEPHONE_PATTERN.test(suggestion) ? suggestion : undefined;
}

function splitPlain(value: string, separators: RegExp): string[] {
  return value
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Small non-cryptographic 53-bit hash (cyrb53): stable ids without Node's crypto (core runs in browsers). */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** Cuts at a word boundary so that the text plus an ellipsis fits in `max` characters. */
function truncateAtWord(text: string, max: number): string {
  const room = text.slice(0, max - 1);
  const cut = room.lastIndexOf(' ');
  return `${(cut > max / 2 ? room.slice(0, cut) : room).trimEnd()}…`;
}

const TYPOLOGY_BY_FOLDED: Map<string, string> = new Map(
  Object.keys(TYPOLOGIES).map((code) => [code.toLowerCase(), code]),
);

// ---------------------------------------------------------------------------------------------------------
// The migration.
// ---------------------------------------------------------------------------------------------------------

export interface MigrateOptions {
  /**
   * Used only to derive a stable id when the record has none (e.g. the input file name), so that two
   * sources with the same place do not get the same id.
   */
  sourceName?: string;
}

/**
 * Migrates one v0.1 record (all values as text; keys as in the file) to a v1.0.1 row, with a note for every
 * value renamed, split, dropped or not understood. Never throws; a record that is still invalid in v1 (e.g.
 * no postcode in the source) is returned as is, for the validator to report.
 */
export function migrateV0Record(
  v0: Readonly<Record<string, string | undefined>>,
  options: MigrateOptions = {},
): MigrationResult {
  const notes: MigrationNote[] = [];
  const note: NoteSink = (field, value, kind, code, message) =>
    notes.push({ field, value, kind, code, message });

  // 1. Columns by canonical name; first non-empty value wins when two spellings of a column coexist.
  const input = new Map<string, { column: string; value: string }>();
  for (const [column, rawValue] of Object.entries(v0)) {
    const value = (rawValue ?? '').trim();
    const key = columnKey(column);
    const existing = input.get(key);
    if (existing && existing.value) {
      if (value && value !== existing.value)
        note(
          column,
          value,
          'dropped',
          'column.duplicate',
          `colonne « ${column} » en double de « ${existing.column} » : valeur ignorée.`,
        );
      continue;
    }
    input.set(key, { column, value });
  }
  const get = (key: string) => input.get(key)?.value ?? '';

  const out = Object.fromEntries(FIELDS.map((f) => [f.name, ''])) as MigratedRecord;

  // 2. Fields whose meaning did not change.
  const same = [
    'id',
    'pivot',
    'nom',
    'commune',
    'adresse',
    'complement_adresse',
    'horaires',
    'presentation_detail',
    'source',
    'structure_parente',
    'prise_rdv',
    'itinerance',
    'modalites_acces',
  ];
  for (const name of same) out[name] = get(name);

  // 3. Postcode and INSEE code: leading zeros lost when a spreadsheet or JSON stored them as numbers.
  for (const name of ['code_postal', 'code_insee']) {
    const value = get(name);
    if (/^\d{4}$/.test(value)) {
      out[name] = `0${value}`;
      note(
        name,
        value,
        'reformatted',
        `${name}.leading_zero`,
        `${name} « ${value} » complété en « 0${value} » (zéro initial perdu).`,
      );
    } else out[name] = value;
  }

  // 4. Coordinates: decimal comma → point.
  for (const name of ['latitude', 'longitude']) {
    const value = get(name);
    if (/^-?\d+,\d+$/.test(value)) {
      out[name] = value.replace(',', '.');
      note(
        name,
        value,
        'reformatted',
        'coordinates.decimal_comma',
        `${name} : virgule décimale remplacée par un point.`,
      );
    } else out[name] = value;
  }

  // 5. Date: ISO date kept; French dd/mm/yyyy and ISO date-times rewritten; anything else left for validation.
  const date = get('date_maj');
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date);
  if (french) {
    const [, d, m, y] = french as unknown as [string, string, string, string];
    out.date_maj = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    note(
      'date_maj',
      date,
      'reformatted',
      'date_maj.format',
      `date « ${date} » écrite au format ISO « ${out.date_maj} ».`,
    );
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(date)) {
    out.date_maj = date.slice(0, 10);
    note(
      'date_maj',
      date,
      'reformatted',
      'date_maj.format',
      `date et heure « ${date} » réduites à la date « ${out.date_maj} ».`,
    );
  } else out.date_maj = date;

  // 6. Telephone: one E.164 number in v1.
  const telephone = get('telephone');
  if (telephone) {
    const candidates = splitPlain(telephone, /\s*(?:[/;,|]|\bou\b|\bet\b)\s*/);
    const normalized = candidates.map((c) => ({ c, n: normalizeTelephone(c) }));
    const first = normalized.find((x) => x.n);
    if (!first) out.telephone = telephone;
    else {
      out.telephone = first.n as string;
      if (first.n !== telephone)
        note(
          'telephone',
          telephone,
          'reformatted',
          'telephone.format',
          `téléphone écrit au format international « ${first.n} ».`,
        );
      for (const other of normalized)
        if (other !== first)
          note(
            'telephone',
            other.c,
            'dropped',
            'telephone.extra',
            `v1 n'admet qu'un téléphone : « ${other.c} » non repris (gardez-le dans presentation_detail si utile).`,
          );
    }
  }

  // 7. Free lists: `;` or `,` in v0 (and spaces seen in real files) → `|`.
  const freeLists: ReadonlyArray<readonly [from: string, to: string, separators: RegExp]> = [
    ['courriel', 'courriels', /[\s;,|]+/],
    ['courriels', 'courriels', /[\s;,|]+/],
    // A comma separates URLs only when another URL follows: commas are legal inside URLs.
    ['site_web', 'site_web', /\s*(?:[;|\s]|,(?=\s*(?:https?:|www\.)))\s*/],
    ['typologie', 'typologie', /\s*[;,|]\s*/],
  ];
  for (const [from, toName, separators] of freeLists) {
    const value = get(from);
    if (!value) continue;
    let items = splitPlain(value, separators);
    if (from === 'typologie') items = items.map((t) => TYPOLOGY_BY_FOLDED.get(t.toLowerCase()) ?? t);
    const merged = [...new Set([...splitPlain(out[toName] ?? '', /\|/), ...items])].join('|');
    out[toName] = merged;
    if (from !== toName) note(from, value, 'renamed', 'column.renamed', `${from} devient ${toName}.`);
    else if (merged !== value)
      note(
        from,
        value,
        'reformatted',
        `${from}.separator`,
        `${from} : valeurs séparées par « | » comme en v1.`,
      );
  }

  // 8. Acceslibre link.
  for (const from of ['accessibilite', 'fiche_acces_libre']) {
    const value = get(from);
    if (!value || out.fiche_acces_libre) continue;
    out.fiche_acces_libre = value;
    if (from !== 'fiche_acces_libre')
      note(from, value, 'renamed', 'column.renamed', `${from} devient fiche_acces_libre.`);
  }

  // 9. Enumerated lists.
  const collected = new Map<ListTarget, string[]>();
  const add = (t: Target) => {
    const list = collected.get(t.field) ?? [];
    if (!list.some((v) => v.toLowerCase() === t.value.toLowerCase())) list.push(t.value);
    collected.set(t.field, list);
  };
  for (const [column, source] of Object.entries(LIST_COLUMNS)) {
    const value = get(column);
    if (!value) continue;
    const reading = readList(value, source.vocabulary);
    const produced: Target[] = [];
    const decided = new Set<Term>();
    for (const match of reading.matches) {
      for (const t of match.term.to) {
        add(t);
        produced.push(t);
      }
      if (match.approximate) {
        const official = match.term.aliases[0] ?? '';
        note(
          column,
          match.source,
          'renamed',
          'value.approximate',
          `« ${match.source} » lu comme « ${official} » (orthographe approchée).`,
        );
      }
      if (match.term.decision && !decided.has(match.term)) {
        decided.add(match.term);
        const { kind, code, message } = match.term.decision;
        note(column, match.source, kind, code, message);
      }
    }
    for (const item of reading.unknown)
      note(
        column,
        item,
        'unmapped',
        'value.unknown',
        `${source.label} : « ${item} » n'est pas une valeur connue de v0.1 ni de v1 : ignorée.`,
      );
    describeListMigration(column, value, produced, note);
  }

  // 10. Other labels: free text, but items that are now national labels move to their v1 lists.
  const otherLabels = get('labels_autres') || '';
  const otherLabelsV1 = get('autres_formations_labels') || '';
  for (const [column, value] of [
    ['labels_autres', otherLabels],
    ['autres_formations_labels', otherLabelsV1],
  ] as const) {
    if (!value) continue;
    const promoted: string[] = [];
    for (const item of splitPlain(value, /\s*[;|,\n]\s*/)) {
      const term = LABELS_VOCABULARY.byFolded.get(foldForComparison(item));
      const target = term?.to[0];
      if (term && target && target.field !== 'autres_formations_labels') {
        for (const t of term.to) add(t);
        promoted.push(`« ${item} » → ${target.field}`);
      } else add({ field: 'autres_formations_labels', value: item });
    }
    if (promoted.length)
      note(
        column,
        value,
        'split',
        'labels.promoted',
        `labels reconnus dans les listes v1 : ${promoted.join(', ')} ; le reste dans autres_formations_labels.`,
      );
    else if (column === 'labels_autres')
      note(column, value, 'renamed', 'column.renamed', 'labels_autres devient autres_formations_labels.');
  }

  for (const field of FIELDS) {
    if (!field.enumValues) continue;
    const values = collected.get(field.name as ListTarget);
    if (!values) continue;
    // Canonical order: the standard's own order, duplicates removed.
    out[field.name] = field.enumValues.filter((v) => values.includes(v)).join('|');
  }
  const others = collected.get('autres_formations_labels');
  if (others) out.autres_formations_labels = others.join('|');

  // 11. Short presentation: 500 characters in v0, 280 in v1. The full text moves to the detailed one.
  const resume = get('presentation_resume');
  if (resume.length > RESUME_MAX) {
    out.presentation_resume = truncateAtWord(resume, RESUME_MAX);
    const detail = out.presentation_detail ?? '';
    if (!detail.includes(resume)) out.presentation_detail = detail ? `${resume}\n\n${detail}` : resume;
    note(
      'presentation_resume',
      resume,
      'split',
      'presentation_resume.too_long',
      `présentation résumée de ${resume.length} caractères (v1 : ${RESUME_MAX} au plus) : coupée au dernier mot, texte complet placé en tête de presentation_detail.`,
    );
  } else out.presentation_resume = resume;

  // 12. Fields v1 no longer has, and unknown columns.
  const cleBan = get('cle_ban');
  if (cleBan)
    note(
      'cle_ban',
      cleBan,
      'dropped',
      'cle_ban.dropped',
      "cle_ban n'existe plus en v1 (l'adresse et les coordonnées suffisent) : non reprise.",
    );
  for (const [key, { column, value }] of input) {
    if (value && !KNOWN_COLUMNS.has(key))
      note(
        column,
        value,
        'dropped',
        'column.unknown',
        `colonne « ${column} » inconnue du standard (v0.1 et v1) : non reprise.`,
      );
  }

  // 13. Identifier: kept; derived from stable fields when missing so that re-running gives the same id.
  if (!out.id) {
    const basis = [options.sourceName ?? '', out.source, out.nom, out.adresse, out.code_postal, out.commune]
      .map((s) => foldForComparison(s ?? ''))
      .join('\u001f');
    out.id = `v0-${hash53(basis)}`;
    note(
      'id',
      '',
      'defaulted',
      'id.derived',
      `identifiant absent : « ${out.id} » calculé à partir de la source, du nom et de l'adresse.`,
    );
  }

  return { record: out, notes };
}

type NoteSink = (
  field: string,
  value: string,
  kind: MigrationNoteKind,
  code: string,
  message: string,
) => void;

const SPLIT_COLUMNS = new Set(['publics_accueillis', 'labels_nationaux']);

/** One note per list column saying where its values went, when they changed at all. */
function describeListMigration(
  column: string,
  value: string,
  produced: readonly Target[],
  note: NoteSink,
): void {
  const byField = new Map<string, string[]>();
  for (const t of produced) {
    const list = byField.get(t.field) ?? [];
    if (!list.includes(t.value)) list.push(t.value);
    byField.set(t.field, list);
  }
  const unchanged =
    byField.size === 1 && byField.has(column) && (byField.get(column) ?? []).join('|') === value.trim();
  if (unchanged) return;
  const parts = [...byField].map(
    ([field, values]) => `${field} (${values.map((v) => `« ${v} »`).join(', ')})`,
  );
  if (!parts.length) return;
  if (SPLIT_COLUMNS.has(column) && byField.size > 1) {
    note(column, value, 'split', 'list.split', `${column} réparti en ${parts.join(' et ')}.`);
  } else if (byField.size === 1 && byField.has(column)) {
    const values = (byField.get(column) ?? []).map((v) => `« ${v} »`).join(', ');
    note(column, value, 'renamed', 'list.translated', `${column} : valeurs traduites en v1 : ${values}.`);
  } else {
    note(column, value, 'renamed', 'list.translated', `${column} devient ${parts.join(' et ')}.`);
  }
}
