/**
 * Enumerations of the national standard v1.0.1, spelled exactly as the schema spells them.
 * A test (test/core/standard/schema-drift.test.ts) reads `schema-v1.0.1.json` and fails if these drift.
 */

export const SERVICES = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Parentalité et éducation avec le numérique',
  'Loisirs et créations numériques',
  'Compréhension du monde numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
] as const;

export const PUBLICS_SPECIFIQUEMENT_ADRESSES = [
  'Jeunes',
  'Étudiants',
  'Familles et/ou enfants',
  'Seniors',
  'Femmes',
] as const;

export const PRISE_EN_CHARGE_SPECIFIQUE = [
  'Surdité',
  'Handicaps moteurs',
  'Handicaps mentaux',
  'Illettrisme',
  'Langues étrangères (anglais)',
  'Langues étrangères (autres)',
  'Déficience visuelle',
] as const;

export const FRAIS_A_CHARGE = ['Gratuit', 'Gratuit sous condition', 'Payant'] as const;

export const ITINERANCE = ['Itinérant', 'Fixe'] as const;

export const DISPOSITIF_PROGRAMMES_NATIONAUX = [
  'Aidants Connect',
  'Bibliothèques numérique de référence',
  'Certification PIX',
  'Conseillers numériques',
  'Emmaüs Connect',
  'France Services',
  'Grande école du numérique',
  'La Croix Rouge',
  "Point d'accès numérique CAF",
  'Promeneurs du net',
  'Relais numérique (Emmaüs Connect)',
] as const;

export const FORMATIONS_LABELS = [
  'Formé à « Mon Espace Santé »',
  'Formé à « DUPLEX » (illettrisme)',
  'Arnia/MedNum BFC (Bourgogne-Franche-Comté)',
  'Collectif ressources et acteurs réemploi (Normandie)',
  'Fabriques de Territoire',
  'Les Éclaireurs du numérique (Drôme)',
  'Mes Papiers (Métropole de Lyon)',
  'ORDI 3.0',
  'SUD LABS (PACA)',
] as const;

export const MODALITES_ACCES = [
  'Se présenter',
  'Téléphoner',
  'Contacter par mail',
  'Prendre un RDV en ligne',
  "Ce lieu n'accueille pas de public",
  'Envoyer un mail avec une fiche de prescription',
] as const;

export const MODALITES_ACCOMPAGNEMENT = [
  'En autonomie',
  'Accompagnement individuel',
  'Dans un atelier collectif',
  'À distance',
] as const;

/**
 * Structure typologies used nationally: data·inclusion's referential of structure types, plus the four
 * codes the national cartography library adds (ESAT, FABRIQUE, MDH, RELAIS_LECTURE).
 * `typologie` is free text in the schema; values outside this list are a warning, not an error.
 */
export const TYPOLOGIES = {
  ACI: 'Structures porteuses d’ateliers et chantiers d’insertion (ACI)',
  ACIPHC: 'SIAE — Atelier chantier d’insertion premières heures en chantier',
  AFPA: 'Agence nationale pour la formation professionnelle des adultes (AFPA)',
  AI: 'Associations intermédiaires (AI)',
  ASE: 'Aide sociale à l’enfance (ASE)',
  ASSO: 'Associations',
  ASSO_CHOMEUR: 'Associations de chômeurs',
  Autre: 'Autre',
  AVIP: 'Crèche à vocation d’insertion professionnelle (AVIP)',
  BIB: 'Bibliothèque / Médiathèque',
  CAARUD: 'Centre d’accueil et d’accompagnement à la réduction de risques pour usagers de drogues (CAARUD)',
  CADA: 'Centres d’accueil de demandeurs d’asile (CADA)',
  CAF: 'Caisses d’allocations familiales (CAF)',
  CAP_EMPLOI: 'Cap Emploi',
  CAVA: 'Centres d’adaptation à la vie active (CAVA)',
  CC: 'Communautés de communes',
  CCAS: 'Centres communaux d’action sociale (CCAS)',
  CCONS: 'Chambres consulaires (CCI, CMA, CA)',
  CD: 'Conseils départementaux (CD)',
  CDAS: 'Centre départemental d’action sociale (CDAS)',
  CFP: 'Centre des finances publiques (CFP)',
  CHRS: 'Centres d’hébergement et de réinsertion sociale (CHRS)',
  CHU: 'Centres d’hébergement d’urgence (CHU)',
  CIAS: 'Centres intercommunaux d’action sociale (CIAS)',
  CIDFF: 'Centres d’information sur les droits des femmes et des familles (CIDFF)',
  CITMET: 'Cité des métiers',
  CMP: 'Centre médico-psychologique (CMP)',
  CMS: 'Centre médico-social (CMS)',
  CPAM: 'Caisse primaire d’assurance maladie (CPAM)',
  CPH: 'Centres provisoires d’hébergement (CPH)',
  CS: 'Centre social',
  CSAPA: 'Centre de soins, d’accompagnement et de prévention en addictologie (CSAPA)',
  CSC: 'Centre socio-culturel (CSC)',
  DEETS: 'Directions de l’économie, de l’emploi, du travail et des solidarités (DEETS)',
  DEPT: 'Services sociaux du Conseil départemental',
  DIPLP: 'Délégation interministérielle à la prévention et à la lutte contre la pauvreté',
  E2C: 'École de la deuxième chance (E2C)',
  EA: 'Entreprise adaptée (EA)',
  EATT: 'Entreprise adaptée de travail temporaire (EATT)',
  EI: 'Entreprises d’insertion (EI)',
  EITI: 'Entreprises d’insertion par le travail indépendant (EITI)',
  ENM: 'Espace numérique mobile (ENM)',
  EPCI: 'Intercommunalité (EPCI)',
  EPI: 'Espace public internet (EPI)',
  EPIDE: 'Établissement pour l’insertion dans l’emploi (EPIDE)',
  EPN: 'Espace public numérique (EPN)',
  ES: 'Épicerie solidaire',
  ESS: 'Entreprise de l’économie sociale et solidaire',
  ESAT: 'Établissement ou service d’aide par le travail (ESAT)',
  ETABL_PRI: 'Établissement privé',
  ETABL_PUB: 'Établissement public',
  ETAT: 'Service de l’État',
  ETTI: 'Entreprises de travail temporaire d’insertion (ETTI)',
  EVS: 'Espace de vie sociale (EVS)',
  FABLAB: 'Fablab / atelier partagé',
  FABRIQUE: 'Fabrique de territoire',
  FAIS: 'Fédérations d’acteurs de l’insertion et de la solidarité',
  FT: 'France Travail',
  GEIQ: 'Groupements d’employeurs pour l’insertion et la qualification (GEIQ)',
  HUDA: 'Hébergement d’urgence pour demandeurs d’asile (HUDA)',
  LA_POSTE: 'Bureau de poste / agence postale',
  MDE: 'Maison de l’emploi',
  MDEF: 'Maison de l’emploi et de la formation',
  MDH: 'Maison des habitants',
  MDPH: 'Maison départementale des personnes handicapées',
  MDS: 'Maison départementale des solidarités',
  MJC: 'Maison des jeunes et de la culture',
  ML: 'Mission locale',
  MQ: 'Maison de quartier',
  MSA: 'Mutualité sociale agricole',
  MSAP: 'Maison de services au public (MSAP)',
  MUNI: 'Municipalités',
  OACAS: 'Organisme d’accueil communautaire et d’activité solidaire (OACAS)',
  ODC: 'Organisation délégataire d’un CD',
  OF: 'Organisme de formation',
  OIL: 'Opérateur d’intermédiation locative',
  OPCS: 'Organisation porteuse de la clause sociale',
  PAD: 'Point d’accès au droit',
  PENSION: 'Pension de famille / résidence accueil',
  PI: 'Point information (PI)',
  PIJ_BIJ: 'Points et bureaux information jeunesse (PIJ/BIJ)',
  PIMMS: 'Point information médiation multi services (PIMMS)',
  PJJ: 'Protection judiciaire de la jeunesse (PJJ)',
  PLIE: 'Plans locaux pour l’insertion et l’emploi (PLIE)',
  PREF: 'Préfecture, sous-préfecture',
  PREVENTION: 'Service ou club de prévention',
  REG: 'Région',
  RELAIS_LECTURE: 'Relais lecture',
  RESSOURCERIE: 'Ressourcerie',
  RFS: 'Réseau France Services',
  RS_FJT: 'Résidence sociale / foyer de jeunes travailleurs (FJT)',
  SCP: 'Services et clubs de prévention',
  SPIP: 'Services pénitentiaires d’insertion et de probation (SPIP)',
  TIERS_LIEUX: 'Tiers-lieu et coworking',
  UDAF: 'Union départementale des associations familiales (UDAF)',
} as const;

export type Service = (typeof SERVICES)[number];
export type PublicSpecifiquementAdresse = (typeof PUBLICS_SPECIFIQUEMENT_ADRESSES)[number];
export type PriseEnChargeSpecifique = (typeof PRISE_EN_CHARGE_SPECIFIQUE)[number];
export type FraisACharge = (typeof FRAIS_A_CHARGE)[number];
export type Itinerance = (typeof ITINERANCE)[number];
export type DispositifProgrammeNational = (typeof DISPOSITIF_PROGRAMMES_NATIONAUX)[number];
export type FormationLabel = (typeof FORMATIONS_LABELS)[number];
export type ModaliteAcces = (typeof MODALITES_ACCES)[number];
export type ModaliteAccompagnement = (typeof MODALITES_ACCOMPAGNEMENT)[number];
export type Typologie = keyof typeof TYPOLOGIES;
