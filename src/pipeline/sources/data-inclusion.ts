/**
 * data·inclusion (schema v1): structures and their services, from the published files
 * (`structures.json` + `services.json`) or from the API (`/api/v1/structures`, `/api/v1/services`,
 * paginated, token in an environment variable).
 *
 * Only structures with at least one service in the digital thematics (`numerique--*`) are lieux de
 * médiation numérique: the others are counted as skipped. A kept structure becomes one lieu whose
 * offer (services, publics, frais, modalités) is the union of its digital services, translated through
 * the referentials below. Choices are documented next to each table.
 */
import { normalizeHours } from '../../core/hours/index.js';
import { FIELD_BY_NAME, FIELDS } from '../../core/standard/fields.js';
import type { MappingNote, MappingResult } from '../mapping/types.js';
import { cellText, parseDate, parseNumber } from '../mapping/values.js';

export type DiObject = Record<string, unknown>;

/** Fields that the schema types as arrays: flat readers deliver them as JSON text. */
const STRUCTURE_ARRAYS = ['reseaux_porteurs'];
const SERVICE_ARRAYS = [
  'thematiques',
  'publics',
  'modes_accueil',
  'modes_mobilisation',
  'mobilisable_par',
  'zone_eligibilite',
];
const NUMBERS = ['latitude', 'longitude', 'volume_horaire_hebdomadaire', 'nombre_semaines'];

export const DIGITAL_THEMATIQUE_PREFIX = 'numerique--';

/**
 * Digital thematics → services of the standard (the inverse of data·inclusion's own table from the
 * standard to its thematics).
 */
const DIGITAL_THEMATIQUES: Record<string, string[]> = {
  'numerique--acceder-a-des-services-en-ligne': ['Aide aux démarches administratives'],
  'numerique--acceder-a-une-connexion-internet': ['Accès internet et matériel informatique'],
  'numerique--acquerir-un-equipement': ['Acquisition de matériel informatique à prix solidaire'],
  'numerique--maitriser-les-fondamentaux-du-numerique': ['Maîtrise des outils numériques du quotidien'],
};

/** Other thematics that say what a digital service helps with (only read on digital services). */
const COMPANION_THEMATIQUES: Array<[prefix: string, service: string]> = [
  [
    'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
    'Aide aux démarches administratives',
  ],
  [
    'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
    'Aide aux démarches administratives',
  ],
  ['trouver-un-emploi--', 'Insertion professionnelle via le numérique'],
  ['preparer-sa-candidature--', 'Insertion professionnelle via le numérique'],
  ['choisir-un-metier--', 'Insertion professionnelle via le numérique'],
  ['creer-une-entreprise--', 'Insertion professionnelle via le numérique'],
  ['famille--soutien-a-la-parentalite-et-a-leducation', 'Parentalité et éducation avec le numérique'],
];

/** Publics → publics spécifiquement adressés / prise en charge. `tous-publics` is the default: nothing. */
const PUBLICS: Record<string, { field: string; value: string } | null> = {
  jeunes: { field: 'publics_specifiquement_adresses', value: 'Jeunes' },
  etudiants: { field: 'publics_specifiquement_adresses', value: 'Étudiants' },
  familles: { field: 'publics_specifiquement_adresses', value: 'Familles et/ou enfants' },
  seniors: { field: 'publics_specifiquement_adresses', value: 'Seniors' },
  femmes: { field: 'publics_specifiquement_adresses', value: 'Femmes' },
  'tous-publics': null,
};

const FRAIS: Record<string, string> = { gratuit: 'Gratuit', payant: 'Payant' };

/** Ways the public reaches the service (when usagers may mobilise it themselves). */
const MOBILISATION: Record<string, string> = {
  'se-presenter': 'Se présenter',
  telephoner: 'Téléphoner',
  'envoyer-un-courriel': 'Contacter par mail',
  'utiliser-lien-mobilisation': 'Prendre un RDV en ligne',
};

/** Service types that tell how people are supported. */
const TYPE_TO_MODALITE: Record<string, string> = {
  accompagnement: 'Accompagnement individuel',
  atelier: 'Dans un atelier collectif',
};

/** Réseaux porteurs → national typology codes. */
const RESEAU_TYPOLOGIE: Record<string, string> = {
  afpa: 'AFPA',
  aci: 'ACI',
  ai: 'AI',
  ase: 'ASE',
  caarud: 'CAARUD',
  cada: 'CADA',
  caf: 'CAF',
  'cap-emploi-reseau-cheops': 'CAP_EMPLOI',
  cava: 'CAVA',
  'ccas-cias': 'CCAS',
  'chambres-consulaires': 'CCONS',
  chrs: 'CHRS',
  chu: 'CHU',
  cidff: 'CIDFF',
  cmp: 'CMP',
  cms: 'CMS',
  communes: 'MUNI',
  cph: 'CPH',
  cpam: 'CPAM',
  'creches-avip': 'AVIP',
  csapa: 'CSAPA',
  departements: 'CD',
  ea: 'EA',
  eatt: 'EATT',
  'ecoles-de-la-deuxieme-chance': 'E2C',
  ei: 'EI',
  eiti: 'EITI',
  epide: 'EPIDE',
  'espaces-publics-numeriques': 'EPN',
  etti: 'ETTI',
  'fabrique-de-territoire': 'TIERS_LIEUX',
  'france-service': 'RFS',
  'france-travail': 'FT',
  geiq: 'GEIQ',
  huda: 'HUDA',
  'la-poste': 'LA_POSTE',
  'maisons-de-l-emploi': 'MDE',
  'maisons-des-solidarites': 'MDS',
  mdph: 'MDPH',
  'mission-locale': 'ML',
  mjc: 'MJC',
  msap: 'MSAP',
  'mutualite-sociale-agricole': 'MSA',
  'pimms-mediation': 'PIMMS',
  pjj: 'PJJ',
  plie: 'PLIE',
  regions: 'REG',
  'reseau-information-jeunesse': 'PIJ_BIJ',
  'residences-fjt': 'RS_FJT',
  ressourceries: 'RESSOURCERIE',
  spip: 'SPIP',
};

/** Réseaux porteurs that are national programmes of the standard. */
const RESEAU_DISPOSITIF: Record<string, { field: string; value: string }> = {
  'france-service': { field: 'dispositif_programmes_nationaux', value: 'France Services' },
  'conseillers-numeriques': { field: 'dispositif_programmes_nationaux', value: 'Conseillers numériques' },
  'aidants-connect': { field: 'dispositif_programmes_nationaux', value: 'Aidants Connect' },
  'croix-rouge': { field: 'dispositif_programmes_nationaux', value: 'La Croix Rouge' },
  'grandes-ecoles-du-numerique': {
    field: 'dispositif_programmes_nationaux',
    value: 'Grande école du numérique',
  },
  'fabrique-de-territoire': { field: 'formations_labels', value: 'Fabriques de Territoire' },
};

// ---------------------------------------------------------------------------------------------------------
// Values.
// ---------------------------------------------------------------------------------------------------------

function revive(record: DiObject, arrays: readonly string[]): DiObject {
  const out: DiObject = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === '') out[key] = null;
    else if (arrays.includes(key) && typeof value === 'string') {
      try {
        out[key] = JSON.parse(value);
      } catch {
        out[key] = value;
      }
    } else if (NUMBERS.includes(key) && typeof value === 'string') out[key] = parseNumber(value) ?? value;
    else out[key] = value;
  }
  return out;
}

/** A structure as read from a flat reader (arrays as JSON text) back to its JSON shape. */
export const reviveStructure = (record: DiObject): DiObject => revive(record, STRUCTURE_ARRAYS);
/** A service as read from a flat reader back to its JSON shape. */
export const reviveService = (record: DiObject): DiObject => revive(record, SERVICE_ARRAYS);

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string' && value) return [value];
  return [];
}

function str(value: unknown): string {
  return cellText(value).trim();
}

export function isDigitalService(service: DiObject): boolean {
  return list(service.thematiques).some((t) => t.startsWith(DIGITAL_THEMATIQUE_PREFIX));
}

/**
 * The key joining services to their structure: data·inclusion ids are `producer--local-id`, but a
 * producer may write the local id alone in `structure_id`; both forms give the same key.
 */
function joinKey(source: string, id: string): string {
  return !source || id.startsWith(`${source}--`) ? id : `${source}--${id}`;
}

export function structureKey(structure: DiObject): string {
  return joinKey(str(structure.source), str(structure.id));
}

export function serviceStructureKey(service: DiObject): string {
  return joinKey(str(service.source), str(service.structure_id));
}

// ---------------------------------------------------------------------------------------------------------
// A structure and its digital services → one lieu.
// ---------------------------------------------------------------------------------------------------------

/** Maps one structure and its digital services to a standard row, with notes. */
export function mapDataInclusion(structure: DiObject, services: readonly DiObject[]): MappingResult {
  const notes: MappingNote[] = [];
  const note = (field: string, value: string, code: string, message: string) =>
    notes.push({ field, value, code, message });
  const record: Record<string, string> = {};
  for (const f of FIELDS) record[f.name] = '';
  const sets = new Map<string, Set<string>>();
  const add = (field: string, value: string) => {
    const set = sets.get(field) ?? new Set<string>();
    set.add(value);
    sets.set(field, set);
  };

  record.id = str(structure.id);
  const siret = str(structure.siret).replace(/\s/g, '');
  if (siret) record.pivot = siret;
  record.nom = str(structure.nom).replace(/\s+/g, ' ');
  record.adresse = str(structure.adresse).replace(/\s+/g, ' ');
  record.complement_adresse = str(structure.complement_adresse).replace(/\s+/g, ' ');
  record.code_postal = str(structure.code_postal);
  record.code_insee = str(structure.code_insee);
  record.commune = str(structure.commune).replace(/\s+/g, ' ');
  for (const field of ['latitude', 'longitude'] as const) {
    const n =
      typeof structure[field] === 'number'
        ? (structure[field] as number)
        : parseNumber(str(structure[field]));
    if (n !== undefined) record[field] = String(n);
  }
  record.telephone = str(structure.telephone);
  record.courriels = str(structure.courriel);
  record.site_web = str(structure.site_web);
  record.presentation_detail = str(structure.description);
  record.fiche_acces_libre = str(structure.accessibilite_lieu);
  const producer = str(structure.source);
  record.source = producer ? `${producer} (via data·inclusion)` : 'data·inclusion';

  // Date: the latest of the structure's and its digital services' (a service update is news of the lieu).
  const dates = [structure, ...services]
    .map((o) => ({ raw: str(o.date_maj), date: parseDate(str(o.date_maj)) }))
    .filter((d) => d.raw);
  for (const d of dates)
    if (!d.date)
      note(
        'date_maj',
        d.raw,
        'date.unreadable',
        `date_maj : « ${d.raw} » n'est pas une date lisible : ignorée.`,
      );
  const valid = dates.map((d) => d.date).filter((d): d is string => !!d);
  if (valid.length) record.date_maj = valid.sort().at(-1)!;

  // Hours: the structure's, else those its digital services share.
  const structureHours = str(structure.horaires_accueil);
  const serviceHours = [...new Set(services.map((s) => str(s.horaires_accueil)).filter(Boolean))];
  const hours = structureHours || (serviceHours.length === 1 ? serviceHours[0]! : '');
  if (hours) {
    const normalized = normalizeHours(hours);
    if (normalized.ok) record.horaires = normalized.osm;
    else
      note(
        'horaires',
        hours,
        'horaires.unreadable',
        `horaires non repris, illisibles : ${normalized.reason}.`,
      );
  } else if (serviceHours.length > 1)
    note(
      'horaires',
      serviceHours.join(' / '),
      'horaires.ambiguous',
      'les services numériques ont des horaires différents et la structure n’en donne pas : horaires non repris.',
    );

  for (const reseau of list(structure.reseaux_porteurs)) {
    const typologie = RESEAU_TYPOLOGIE[reseau];
    if (typologie) add('typologie', typologie);
    const dispositif = RESEAU_DISPOSITIF[reseau];
    if (dispositif) add(dispositif.field, dispositif.value);
  }

  for (const service of services) {
    const thematiques = list(service.thematiques);
    for (const t of thematiques) {
      for (const s of DIGITAL_THEMATIQUES[t] ?? []) add('services', s);
      if (t.startsWith(DIGITAL_THEMATIQUE_PREFIX) && !DIGITAL_THEMATIQUES[t])
        note(
          'services',
          t,
          'di.thematique_unknown',
          `thématique numérique « ${t} » inconnue du référentiel : ignorée.`,
        );
      for (const [prefix, s] of COMPANION_THEMATIQUES) if (t.startsWith(prefix)) add('services', s);
    }
    for (const p of list(service.publics)) {
      const target = PUBLICS[p];
      if (target) add(target.field, target.value);
      else if (target === undefined)
        note(
          'publics_specifiquement_adresses',
          p,
          'di.public_unmapped',
          `public « ${p} » sans équivalent dans le standard : non repris.`,
        );
    }
    const frais = str(service.frais);
    if (frais) {
      if (FRAIS[frais]) add('frais_a_charge', FRAIS[frais]);
      else
        note(
          'frais_a_charge',
          frais,
          'di.frais_unknown',
          `frais « ${frais} » inconnus du référentiel : ignorés.`,
        );
    }
    if (list(service.modes_accueil).includes('a-distance')) add('modalites_accompagnement', 'À distance');
    const modalite = TYPE_TO_MODALITE[str(service.type)];
    if (modalite) add('modalites_accompagnement', modalite);

    const by = list(service.mobilisable_par);
    const forPublic = !by.length || by.includes('usagers');
    for (const mode of list(service.modes_mobilisation)) {
      if (forPublic && MOBILISATION[mode]) add('modalites_acces', MOBILISATION[mode]);
      else if (!forPublic && mode === 'envoyer-un-courriel')
        add('modalites_acces', 'Envoyer un mail avec une fiche de prescription');
    }
    const link = str(service.lien_mobilisation);
    if (
      forPublic &&
      link &&
      list(service.modes_mobilisation).includes('utiliser-lien-mobilisation') &&
      !record.prise_rdv
    )
      record.prise_rdv = link;
  }

  for (const [field, values] of sets) {
    const definition = FIELD_BY_NAME.get(field)!;
    record[field] = definition.enumValues
      ? definition.enumValues.filter((v) => values.has(v)).join('|')
      : [...values].join('|');
  }
  return { record, notes };
}
