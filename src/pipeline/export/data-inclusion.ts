/**
 * The national dataset as data·inclusion schema v1: one structure per lieu, one service per service of
 * the standard it offers (`services`), so that data·inclusion's users find digital help by thematic next
 * to the rest of the social offer. Every value is taken from the lieu; nothing is invented:
 *
 * - `source` is `repere`, ids are `repere--<lieu id>` (structures) and `repere--<lieu id>--<service>`;
 * - `thematiques`: the standard's services mapped to the `numerique--*` thematics (four in v1), plus the
 *   companion thematic when one says more (démarches administratives, emploi, parentalité) — the inverse
 *   of what Repère's data·inclusion reader understands (src/pipeline/sources/data-inclusion.ts);
 * - `frais`: `gratuit` or `payant` when the lieu says exactly that; « Gratuit sous condition » or a mix
 *   has no data·inclusion value: `frais` stays empty and `frais_precisions` says it in words;
 * - `publics`: the standard's publics; the specific support for disabilities becomes
 *   `personnes-en-situation-de-handicap`; the other specific supports (illettrisme, langues) are put in
 *   `publics_precisions`; no public at all means `tous-publics` (the standard's own default);
 * - `modes_accueil`: `en-presentiel` unless the lieu does not receive the public, `a-distance` when it
 *   offers support « À distance »; an itinerant lieu is still `en-presentiel` (one meets the bus);
 * - `modes_mobilisation` from `modalites_acces` (se présenter, téléphoner, courriel, RDV en ligne with
 *   `prise_rdv` as `lien_mobilisation`); mobilisable by `usagers`, and by `professionnels` when the lieu
 *   takes prescriptions;
 * - `type` from `modalites_accompagnement`: `atelier` when only collective workshops, else
 *   `accompagnement` when individual or remote support;
 * - `reseaux_porteurs` from the typology codes and the national programmes that have a network.
 * A lieu without `services` becomes a structure without services.
 */
import { splitList } from '../../core/standard/model.js';
import type { FlatRecord } from '../../core/standard/types.js';

export const DATA_INCLUSION_SOURCE = 'repere';

export type DiValue = string | number | string[] | null;
export type DiStructure = Record<string, DiValue>;
export type DiService = Record<string, DiValue>;

export interface DataInclusionOptions {
  /** Public base URL of the Repère instance (`PUBLIC_URL`): `lien_source` links to the lieu's page. */
  publicUrl?: string;
}

const FUNDAMENTALS = 'numerique--maitriser-les-fondamentaux-du-numerique';

export const SERVICE_THEMATIQUES: Readonly<Record<string, readonly string[]>> = {
  'Aide aux démarches administratives': [
    'numerique--acceder-a-des-services-en-ligne',
    'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
  ],
  'Maîtrise des outils numériques du quotidien': [FUNDAMENTALS],
  'Insertion professionnelle via le numérique': [
    FUNDAMENTALS,
    'trouver-un-emploi--repondre-a-des-offres-demploi',
  ],
  'Utilisation sécurisée du numérique': [FUNDAMENTALS],
  'Parentalité et éducation avec le numérique': [
    FUNDAMENTALS,
    'famille--soutien-a-la-parentalite-et-a-leducation',
  ],
  'Loisirs et créations numériques': [FUNDAMENTALS],
  'Compréhension du monde numérique': [FUNDAMENTALS],
  'Accès internet et matériel informatique': ['numerique--acceder-a-une-connexion-internet'],
  'Acquisition de matériel informatique à prix solidaire': ['numerique--acquerir-un-equipement'],
};

const PUBLICS: Readonly<Record<string, string>> = {
  Jeunes: 'jeunes',
  Étudiants: 'etudiants',
  'Familles et/ou enfants': 'familles',
  Seniors: 'seniors',
  Femmes: 'femmes',
};

const DISABILITIES = new Set(['Surdité', 'Handicaps moteurs', 'Handicaps mentaux', 'Déficience visuelle']);

const MOBILISATION: Readonly<Record<string, string>> = {
  'Se présenter': 'se-presenter',
  Téléphoner: 'telephoner',
  'Contacter par mail': 'envoyer-un-courriel',
  'Envoyer un mail avec une fiche de prescription': 'envoyer-un-courriel',
  'Prendre un RDV en ligne': 'utiliser-lien-mobilisation',
};

/** Typology codes of the standard → réseaux porteurs of data·inclusion (same institutions). */
const TYPOLOGIE_RESEAU: Readonly<Record<string, string>> = {
  ACI: 'aci',
  AFPA: 'afpa',
  AI: 'ai',
  ASE: 'ase',
  AVIP: 'creches-avip',
  CAARUD: 'caarud',
  CADA: 'cada',
  CAF: 'caf',
  CAP_EMPLOI: 'cap-emploi-reseau-cheops',
  CAVA: 'cava',
  CCAS: 'ccas-cias',
  CCONS: 'chambres-consulaires',
  CD: 'departements',
  CHRS: 'chrs',
  CHU: 'chu',
  CIDFF: 'cidff',
  CMP: 'cmp',
  CMS: 'cms',
  CPAM: 'cpam',
  CPH: 'cph',
  CSAPA: 'csapa',
  E2C: 'ecoles-de-la-deuxieme-chance',
  EA: 'ea',
  EATT: 'eatt',
  EI: 'ei',
  EITI: 'eiti',
  EPIDE: 'epide',
  EPN: 'espaces-publics-numeriques',
  ETTI: 'etti',
  FT: 'france-travail',
  GEIQ: 'geiq',
  HUDA: 'huda',
  LA_POSTE: 'la-poste',
  MDE: 'maisons-de-l-emploi',
  MDPH: 'mdph',
  MDS: 'maisons-des-solidarites',
  MJC: 'mjc',
  ML: 'mission-locale',
  MSA: 'mutualite-sociale-agricole',
  MSAP: 'msap',
  MUNI: 'communes',
  PIJ_BIJ: 'reseau-information-jeunesse',
  PIMMS: 'pimms-mediation',
  PJJ: 'pjj',
  PLIE: 'plie',
  REG: 'regions',
  RESSOURCERIE: 'ressourceries',
  RFS: 'france-service',
  RS_FJT: 'residences-fjt',
  SPIP: 'spip',
};

const PROGRAMME_RESEAU: Readonly<Record<string, string>> = {
  'Aidants Connect': 'aidants-connect',
  'Conseillers numériques': 'conseillers-numeriques',
  'Emmaüs Connect': 'emmaus',
  'Relais numérique (Emmaüs Connect)': 'emmaus',
  'France Services': 'france-service',
  'La Croix Rouge': 'croix-rouge',
};

const text = (value: string | undefined): string => (value ?? '').trim();
const orNull = (value: string | undefined): string | null => text(value) || null;

function slug(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** 3 to 150 characters, not ending with a full stop (data·inclusion's rule for names). */
function diName(name: string, fallback: string): string {
  const clean = (value: string) =>
    value
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[.\s]+$/, '');
  let out = clean(name);
  if (out.length < 3) out = clean(`${out} ${fallback}`);
  if (out.length > 150) out = `${out.slice(0, 149).trimEnd()}…`;
  return out.length >= 3 ? out : clean(`${out} (lieu)`);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The first e-mail of the list that is well formed (data·inclusion checks RFC 5322). */
function email(value: string | undefined): string | null {
  return splitList(value).find((e) => EMAIL.test(e)) ?? null;
}

/** An absolute http(s) URL of at most 2083 characters (data·inclusion's `uri`), else null. */
function url(value: string | undefined): string | null {
  for (const candidate of splitList(value)) {
    if (candidate.length > 2083) continue;
    try {
      const parsed = new URL(candidate);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return candidate;
    } catch {
      // not a URL: try the next one
    }
  }
  return null;
}

function number(value: string | undefined): number | null {
  const n = Number(text(value));
  return text(value) !== '' && Number.isFinite(n) ? n : null;
}

const uniq = (values: readonly string[]): string[] => [...new Set(values)];

/** A real SIRET (14 digits, not the 00000000000000 placeholder). */
function siretOf(pivot: string | undefined): string | null {
  const p = text(pivot);
  return /^\d{14}$/.test(p) && !/^0+$/.test(p) ? p : null;
}

function description(record: FlatRecord): string | null {
  const d = text(record.presentation_detail) || text(record.presentation_resume);
  if (d.length < 5) return null;
  return d.length > 10_000 ? `${d.slice(0, 9_999)}…` : d;
}

function reseaux(record: FlatRecord): string[] | null {
  const values = uniq([
    ...splitList(record.typologie).flatMap((code) =>
      TYPOLOGIE_RESEAU[code] ? [TYPOLOGIE_RESEAU[code]] : [],
    ),
    ...splitList(record.dispositif_programmes_nationaux).flatMap((p) =>
      PROGRAMME_RESEAU[p] ? [PROGRAMME_RESEAU[p]] : [],
    ),
  ]);
  return values.length ? values : null;
}

export function structureOf(id: string, record: FlatRecord, options: DataInclusionOptions = {}): DiStructure {
  const codePostal = text(record.code_postal);
  const codeInsee = text(record.code_insee);
  return {
    source: DATA_INCLUSION_SOURCE,
    id: `${DATA_INCLUSION_SOURCE}--${id}`,
    nom: diName(text(record.nom), text(record.commune) || 'lieu'),
    date_maj: text(record.date_maj).slice(0, 10),
    siret: siretOf(record.pivot),
    commune: orNull(record.commune),
    code_postal: /^\d{5}$/.test(codePostal) ? codePostal : null,
    code_insee: /^\w{5}$/.test(codeInsee) ? codeInsee : null,
    adresse: orNull(record.adresse),
    complement_adresse: orNull(record.complement_adresse),
    longitude: number(record.longitude),
    latitude: number(record.latitude),
    telephone: orNull(record.telephone),
    courriel: email(record.courriels),
    site_web: url(record.site_web),
    description: description(record),
    lien_source: options.publicUrl
      ? `${options.publicUrl.replace(/\/$/, '')}/lieux/${encodeURIComponent(id)}`
      : null,
    horaires_accueil: orNull(record.horaires),
    accessibilite_lieu: url(record.fiche_acces_libre),
    reseaux_porteurs: reseaux(record),
  };
}

function frais(record: FlatRecord): { frais: string | null; precisions: string | null } {
  const values = splitList(record.frais_a_charge);
  if (values.length === 1 && values[0] === 'Gratuit') return { frais: 'gratuit', precisions: null };
  if (values.length === 1 && values[0] === 'Payant') return { frais: 'payant', precisions: null };
  return { frais: null, precisions: values.length ? values.join(', ') : null };
}

function publics(record: FlatRecord): { publics: string[]; precisions: string | null } {
  const specific = splitList(record.prise_en_charge_specifique);
  const out = uniq([
    ...splitList(record.publics_specifiquement_adresses).flatMap((p) => (PUBLICS[p] ? [PUBLICS[p]] : [])),
    ...(specific.some((s) => DISABILITIES.has(s)) ? ['personnes-en-situation-de-handicap'] : []),
  ]);
  return {
    publics: out.length ? out : ['tous-publics'],
    precisions: specific.length ? `Prise en charge spécifique : ${specific.join(', ')}.` : null,
  };
}

function modesAccueil(record: FlatRecord): string[] | null {
  const acces = splitList(record.modalites_acces);
  const accompagnement = splitList(record.modalites_accompagnement);
  const out: string[] = [];
  if (!acces.includes("Ce lieu n'accueille pas de public")) out.push('en-presentiel');
  if (accompagnement.includes('À distance')) out.push('a-distance');
  return out.length ? out : null;
}

function typeOf(record: FlatRecord): string | null {
  const a = splitList(record.modalites_accompagnement);
  if (a.includes('Accompagnement individuel') || a.includes('À distance')) return 'accompagnement';
  if (a.includes('Dans un atelier collectif')) return 'atelier';
  return null;
}

/** The services of a lieu: one per service of the standard it offers. */
export function servicesOf(id: string, record: FlatRecord, structure: DiStructure): DiService[] {
  const services = splitList(record.services).filter((s) => SERVICE_THEMATIQUES[s]);
  if (!services.length) return [];
  const acces = splitList(record.modalites_acces);
  const rdv = url(record.prise_rdv);
  const mobilisation = uniq(
    acces.flatMap((a) => {
      const mode = MOBILISATION[a];
      if (!mode || (mode === 'utiliser-lien-mobilisation' && !rdv)) return [];
      return [mode];
    }),
  );
  const mobilisablePar = acces.includes('Envoyer un mail avec une fiche de prescription')
    ? ['usagers', 'professionnels']
    : ['usagers'];
  const fees = frais(record);
  const who = publics(record);
  const presentation = text(record.presentation_resume) || text(record.presentation_detail);
  const from = (field: string): DiValue => structure[field] ?? null;
  return services.map((service) => ({
    source: DATA_INCLUSION_SOURCE,
    structure_id: structure.id as string,
    id: `${structure.id as string}--${slug(service)}`,
    nom: diName(service, 'Médiation numérique'),
    description: presentation
      ? `${service} — ${structure.nom as string}. ${presentation}`
      : `${service} — ${structure.nom as string}${text(record.commune) ? ` (${text(record.commune)})` : ''}.`,
    date_maj: from('date_maj'),
    type: typeOf(record),
    thematiques: [...SERVICE_THEMATIQUES[service]!],
    frais: fees.frais,
    frais_precisions: fees.precisions,
    publics: who.publics,
    publics_precisions: who.precisions,
    modes_accueil: modesAccueil(record),
    modes_mobilisation: mobilisation.length ? mobilisation : null,
    mobilisable_par: mobilisablePar,
    lien_mobilisation: rdv,
    telephone: from('telephone'),
    courriel: from('courriel'),
    adresse: from('adresse'),
    complement_adresse: from('complement_adresse'),
    commune: from('commune'),
    code_postal: from('code_postal'),
    code_insee: from('code_insee'),
    longitude: from('longitude'),
    latitude: from('latitude'),
    horaires_accueil: from('horaires_accueil'),
    lien_source: from('lien_source'),
  }));
}

/** Structures and services of a set of lieux, in the order given. */
export function toDataInclusion(
  lieux: Iterable<{ id: string; record: FlatRecord }>,
  options: DataInclusionOptions = {},
): { structures: DiStructure[]; services: DiService[] } {
  const structures: DiStructure[] = [];
  const services: DiService[] = [];
  for (const lieu of lieux) {
    const structure = structureOf(lieu.id, lieu.record, options);
    structures.push(structure);
    services.push(...servicesOf(lieu.id, lieu.record, structure));
  }
  return { structures, services };
}
