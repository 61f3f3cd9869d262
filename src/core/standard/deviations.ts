/**
 * Where Repère's verdicts differ, on purpose, from (1) a literal reading of the schema file and
 * (2) the official library `@gouvfr-anct/lieux-de-mediation-numerique`. Both lists are checked by
 * tests (conformance.test.ts, validate-crosscheck.test.ts) and summarised in the README.
 */

export type DeviationKind =
  | 'enum-end-anchored'
  | 'enum-leading-separator'
  | 'enum-unescaped-dot'
  | 'required-blank'
  | 'coordinate-range'
  | 'non-finite-number';

export interface Deviation {
  /** The family of values concerned; `example` is one of them. */
  kind: DeviationKind;
  /** The field of the example; `enum-*` kinds concern every enumerated field. */
  field: string;
  example: string;
  /** How the schema judges the example: its own regex (`new RegExp(pattern, 'u')`), else its types. */
  schema: 'accepts' | 'rejects';
  /** How Repère judges it (`rejects` = at least one error on that field). */
  repere: 'accepts' | 'rejects';
  reason: string;
}

/**
 * Where Repère judges a value differently from the schema's literal regular expression (or, for
 * fields without pattern, from a literal reading of the schema). Each one is tested in
 * test/core/standard/conformance.test.ts and documented in the README.
 */
export const DELIBERATE_DEVIATIONS: readonly Deviation[] = [
  {
    kind: 'enum-end-anchored',
    field: 'frais_a_charge',
    example: "n'importe quoi|Gratuit",
    schema: 'accepts',
    repere: 'rejects',
    reason:
      "Les motifs d'énumération du schéma ne sont ancrés qu'à la fin : la regex brute accepte tout préfixe suivi de « |valeur ». Table Schema lit un motif comme ancré aux deux bouts (XML Schema) : Repère vérifie chaque élément de la liste.",
  },
  {
    kind: 'enum-end-anchored',
    field: 'frais_a_charge',
    example: 'Gratuit |Payant',
    schema: 'accepts',
    repere: 'rejects',
    reason:
      'Même cause : la regex brute ne regarde que la fin de la valeur. Repère refuse les espaces autour de « | » partout dans la liste, comme la regex le fait pour « Gratuit| Payant ».',
  },
  {
    kind: 'enum-end-anchored',
    field: 'services',
    example: 'Aide aux démarches administratives||Loisirs et créations numériques',
    schema: 'accepts',
    repere: 'rejects',
    reason: 'Élément vide entre deux « | » : accepté par la regex non ancrée au début, refusé par Repère.',
  },
  {
    kind: 'enum-leading-separator',
    field: 'itinerance',
    example: '|Fixe',
    schema: 'accepts',
    repere: 'rejects',
    reason:
      'Séparateur en tête : la regex l’accepte, même ancrée aux deux bouts (« (?:^|\\|) » consomme le « | » initial) ; Repère y voit un élément vide.',
  },
  {
    kind: 'enum-unescaped-dot',
    field: 'formations_labels',
    example: 'ORDI 3x0',
    schema: 'accepts',
    repere: 'rejects',
    reason:
      'Le point de « ORDI 3.0 » n’est pas échappé dans le motif du schéma : il y remplace n’importe quel caractère. Repère exige la valeur exacte.',
  },
  {
    kind: 'required-blank',
    field: 'nom',
    example: '   ',
    schema: 'accepts',
    repere: 'rejects',
    reason:
      'Pour Table Schema seule la chaîne vide est absente ; un champ obligatoire qui ne contient que des espaces est vide pour un usager : Repère le refuse.',
  },
  {
    kind: 'coordinate-range',
    field: 'latitude',
    example: '95.5',
    schema: 'accepts',
    repere: 'rejects',
    reason:
      'Le schéma ne borne pas les coordonnées ; une latitude hors de −90…90 (longitude hors de −180…180) n’existe pas : erreur.',
  },
  {
    kind: 'non-finite-number',
    field: 'longitude',
    example: 'INF',
    schema: 'accepts',
    repere: 'rejects',
    reason:
      'Table Schema admet « NaN », « INF » et « -INF » comme nombres ; ce ne sont pas des coordonnées : erreur.',
  },
];

/** Enumerated fields the official library reads only when `services` is filled. */
const SERVICE_DEPENDENT_FIELDS = [
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'itinerance',
  'modalites_accompagnement',
  'modalites_acces',
] as const;

export interface LibraryDifference {
  /**
   * `library-rejects`: the official library throws on records the schema accepts (Repère accepts
   * them, at most with a warning). `library-accepts`: the library lets through records that violate
   * the schema (Repère reports an error).
   */
  direction: 'library-rejects' | 'library-accepts';
  /** The library's error keys (`library-rejects`) or Repère's issue codes (`library-accepts`). */
  keys: readonly string[];
  /** Changes to a valid record that show the difference. */
  example: Readonly<Record<string, string>>;
  reason: string;
}

/**
 * Differences with `@gouvfr-anct/lieux-de-mediation-numerique` 2.3 (`fromSchemaLieuDeMediationNumerique`),
 * which stops at a record's first error. The schema is the reference: where the library is stricter,
 * Repère follows the schema; where it is laxer, Repère reports the schema violation.
 */
export const OFFICIAL_LIBRARY_DIFFERENCES: readonly LibraryDifference[] = [
  {
    direction: 'library-rejects',
    keys: ['typologies'],
    example: { typologie: 'MAIRIE' },
    reason:
      "La bibliothèque n'admet que sa propre liste de typologies ; le schéma laisse `typologie` libre. Repère : avertissement `typologie.unknown`.",
  },
  {
    direction: 'library-rejects',
    keys: ['typologies'],
    example: { typologie: 'ETABL_PUB' },
    reason:
      'La liste de la bibliothèque diffère de la liste nationale des typologies de structures (ETABL_PUB, ETABL_PRI, ETAT… y manquent ; ESAT, FABRIQUE, MDH, RELAIS_LECTURE y sont en plus).',
  },
  {
    direction: 'library-rejects',
    keys: ['commune'],
    example: { commune: 'Saint-Denis (La Réunion)' },
    reason:
      'La bibliothèque limite `commune` à des lettres, chiffres, tirets, apostrophes et espaces ; le schéma ne la contraint pas.',
  },
  {
    direction: 'library-rejects',
    keys: ['voie'],
    example: { adresse: '2 rue des Lilas, bâtiment « B »' },
    reason: 'La bibliothèque limite les caractères de `adresse` ; le schéma ne la contraint pas.',
  },
  {
    direction: 'library-rejects',
    keys: ['pivot'],
    example: { pivot: '434933123' },
    reason:
      'La bibliothèque exige 14 caractères (SIRET) ou un RNA (W + 9) ; le schéma admet 9 à 14 lettres ou chiffres (SIREN, RIDET de Nouvelle-Calédonie, Tahiti).',
  },
  {
    direction: 'library-rejects',
    keys: ['telephone'],
    example: { telephone: '+68940123456' },
    reason:
      'La bibliothèque refuse les numéros à 8 chiffres de Polynésie française, que le motif du schéma accepte (6 à 9 chiffres).',
  },
  {
    direction: 'library-rejects',
    keys: ['url'],
    example: { fiche_acces_libre: 'acceslibre.beta.gouv.fr/app/erp/1' },
    reason:
      'La bibliothèque refuse une URL sans schéma dans `fiche_acces_libre` et `prise_rdv` ; le schéma ne les contraint pas. Repère : avertissement `fiche_acces_libre.format`.',
  },
  {
    direction: 'library-accepts',
    keys: ['date_maj.type'],
    example: { date_maj: '02/04/2024' },
    reason:
      'La bibliothèque passe `date_maj` à `new Date()` sans vérifier le format AAAA-MM-JJ ni que la date existe.',
  },
  {
    direction: 'library-accepts',
    keys: ['date_maj.required'],
    example: { date_maj: '' },
    reason: 'La bibliothèque ne vérifie pas la présence de `date_maj`, obligatoire dans le schéma.',
  },
  {
    direction: 'library-accepts',
    keys: ['presentation_resume.maxLength'],
    example: { presentation_resume: 'Présentation trop longue. '.repeat(12) },
    reason: 'La bibliothèque ne vérifie pas la longueur maximale (280 caractères) de `presentation_resume`.',
  },
  {
    direction: 'library-accepts',
    keys: ['telephone.pattern'],
    example: { telephone: '01 80 05 98 80' },
    reason:
      'La bibliothèque accepte les numéros au format national, avec espaces ou points ; le schéma exige +33… sans espace.',
  },
  {
    direction: 'library-accepts',
    keys: ['pivot.pattern'],
    example: { pivot: '434933123 0002' },
    reason:
      'Pour la bibliothèque un SIRET est toute chaîne de 14 caractères, espaces compris ; le schéma exige des lettres et chiffres.',
  },
  {
    direction: 'library-accepts',
    keys: ['code_insee.pattern'],
    example: { code_insee: '510454' },
    reason:
      'La bibliothèque admet des codes INSEE à 6 caractères (« 0 » intercalé) ou avec tirets ; le schéma en exige 5.',
  },
  {
    direction: 'library-accepts',
    keys: ['formations_labels.enum'],
    example: { formations_labels: 'Étapes numériques (La Poste)' },
    reason:
      'La bibliothèque connaît un label de plus que le schéma v1.0.1 (« Étapes numériques (La Poste) »).',
  },
  {
    direction: 'library-accepts',
    keys: SERVICE_DEPENDENT_FIELDS.flatMap((f) => [`${f}.enum`, `${f}.whitespace`, `${f}.empty_item`]),
    example: { services: '', frais_a_charge: 'gratuit', modalites_acces: 'Sur place' },
    reason:
      'Sans `services`, la bibliothèque ignore publics, prise en charge, frais, itinérance et modalités (elle force « Ce lieu n’accueille pas de public ») ; le schéma les valide toujours.',
  },
  {
    direction: 'library-accepts',
    keys: ['id.required', 'nom.required', 'commune.required', 'adresse.required'],
    example: { nom: '   ' },
    reason:
      'La bibliothèque n’écarte que la chaîne vide : un nom fait d’espaces passe (voir l’écart « required-blank »).',
  },
];
