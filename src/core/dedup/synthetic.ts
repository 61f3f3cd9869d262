/**
 * Labelled synthetic lieux for measuring deduplication (bench/suites/dedup.ts) and its amount of work
 * (tests). Deterministic for a given seed; no real data, no randomness from the platform.
 *
 * What it imitates, from the real producer exports: clustered coordinates over mainland France (dense around
 * a few hundred "cities", sparse in the countryside); each place published by one to three sources (national
 * France Services list, département exports, regional hubs, city exports) with their own spelling of names
 * (abbreviations, case, accents), addresses ("12 bis rue X" / "12B R. X"), phone formats, 5–80 m geocoding
 * offsets, missing fields, placeholder SIRETs; and hard negatives: distinct lieux in one building (mairie + CCAS
 * + France Services, maisons des associations), a city's libraries sharing its SIRET, website and switchboard,
 * associations with several antennas, neighbours on the same street.
 */
import type { FlatRecord } from '../standard/types.js';
import type { DedupInput } from './types.js';
import { seededRandom } from '../demo/random.js';

export interface SyntheticOptions {
  /** Approximate number of records to produce. */
  lieux: number;
  seed?: number;
}

export interface SyntheticSet {
  inputs: DedupInput[];
  /** Record key → id of the real place it describes (the label). */
  entityOf: Map<string, string>;
}

// Rough boxes covering mainland France, with their relative land area.
const BOXES: ReadonlyArray<readonly [number, number, number, number, number]> = [
  // latMin, latMax, lonMin, lonMax, weight
  [48.3, 50.9, 1.6, 4.1, 6],
  [47.6, 49.6, -1.4, 1.6, 6],
  [47.3, 48.7, -4.4, -1.4, 4],
  [45.2, 47.6, -1.1, 3.0, 9],
  [43.4, 45.2, -1.1, 3.4, 7],
  [42.6, 43.4, -1.6, 3.0, 3],
  [45.1, 48.0, 3.0, 6.8, 9],
  [43.3, 45.1, 3.4, 7.3, 6],
  [47.6, 49.4, 4.1, 7.9, 5],
];

const FIRST_NAMES = [
  'Jacques',
  'Louise',
  'Jean',
  'Victor',
  'Jules',
  'Marie',
  'Simone',
  'Aimé',
  'George',
  'Albert',
  'Émile',
  'Paul',
  'Romain',
  'Pablo',
  'Nelson',
  'Louis',
  'Antoine',
  'Françoise',
  'Olympe',
  'Léo',
  'Pierre',
  'Rosa',
  'Lucie',
  'Joséphine',
  'Henri',
  'Gisèle',
  'Marguerite',
  'Boris',
  'Charles',
  'Germaine',
  'Frédéric',
  'Hélène',
  'Camille',
  'Robert',
  'Denis',
  'Agnès',
  'Claude',
  'Suzanne',
  'André',
  'Madeleine',
];
const LAST_NAMES = [
  'Prévert',
  'Michel',
  'Moulin',
  'Hugo',
  'Verne',
  'Curie',
  'Veil',
  'Césaire',
  'Sand',
  'Camus',
  'Zola',
  'Éluard',
  'Rolland',
  'Neruda',
  'Mandela',
  'Aragon',
  'Saint-Exupéry',
  'Dolto',
  'de Gouges',
  'Lagrange',
  'Mendès France',
  'Parks',
  'Aubrac',
  'Baker',
  'Matisse',
  'Halimi',
  'Duras',
  'Vian',
  'Péguy',
  'Tillion',
  'Chopin',
  'Boucher',
  'Claudel',
  'Desnos',
  'Diderot',
  'Varda',
  'Nougaro',
  'Yourcenar',
  'Malraux',
  'Brassens',
  'Ferrat',
  'Colette',
  'Montand',
  'Signoret',
  'Jaurès',
  'Pasteur',
  'Rimbaud',
  'Balzac',
  'Flaubert',
  'Molière',
  'Racine',
  'Ronsard',
  'Voltaire',
  'Rousseau',
  'Monet',
  'Renoir',
  'Cézanne',
  'Debussy',
  'Ravel',
  'Berlioz',
];
const QUARTERS = [
  'Nord',
  'Sud',
  'Est',
  'Ouest',
  'Centre-ville',
  'Bellevue',
  'Les Tilleuls',
  'La Source',
  'Beaulieu',
  'Le Lac',
  'Les Coteaux',
  'La Gare',
  'Montplaisir',
  'Les Chênes',
  'Le Mail',
  'Les Aubiers',
  'La Roseraie',
  'Les Glycines',
  'Le Moulin Vert',
  'La Croix Blanche',
  'Les Peupliers',
  'Le Parc',
  'Les Érables',
  'La Pinède',
  'Les Vignes',
];
const ASSO_WORDS = [
  'Passerelle',
  'Déclic',
  'Tremplin',
  'Horizon',
  'Entraide',
  'Partage',
  'Boussole',
  'Escale',
  'Sésame',
  'Relais',
  'Lien',
  'Étincelle',
  'Ricochet',
  'Sillage',
  'Envol',
  'Sentier',
  'Phare',
  'Archipel',
  'Kaléidoscope',
  'Agora',
  'Colibri',
  'Hirondelle',
  'Mosaïque',
  'Tisserand',
  'Carrefour',
  'Boulevard',
  'Trait',
  'Déclinaison',
  'Clé',
  'Arc-en-ciel',
  'Clairière',
  'Embarcadère',
  'Grenier',
  'Ruche',
  'Fourmilière',
  'Tournesol',
  'Cerf-volant',
  'Marelle',
  'Boussole',
  'Quinconce',
  'Sextant',
  'Boomerang',
  'Estafette',
  'Caravelle',
  'Lanterne',
  'Médaillon',
  'Ombelle',
  'Prisme',
  'Rhizome',
  'Safran',
];
const ASSO_SUFFIXES = [
  'Numérique',
  'Informatique',
  'Connect',
  'Solidaire',
  'Citoyen',
  'Seniors',
  'Jeunes',
  'Multimédia',
  'Digital',
  '',
];
const TIERS_NAMES = [
  'La Fabrique',
  'Le Hangar',
  'La Quincaillerie',
  'La Manufacture',
  'Le Garage',
  "L'Usine",
  'La Coopérative',
  'Le Comptoir',
  'La Filature',
  'La Forge',
  "L'Atelier Commun",
  'La Cantine',
  'Le Bercail',
  'La Grange',
];
const STREET_NAMES = [
  'de la République',
  'Victor Hugo',
  'du Général de Gaulle',
  'Jean Jaurès',
  'de la Gare',
  "de l'Église",
  'Pasteur',
  'des Écoles',
  'du Moulin',
  'Gambetta',
  'Voltaire',
  'de la Liberté',
  'du Marché',
  'des Lilas',
  'du Stade',
  'de la Mairie',
  'du 8 Mai 1945',
  'du 11 Novembre',
  'Carnot',
  'Émile Zola',
  'Saint-Martin',
  'des Acacias',
  'Anatole France',
  'du Maréchal Foch',
  'de Verdun',
  'de la Paix',
  'des Tanneurs',
  'du Château',
  'des Jardins',
  'de Bretagne',
  'de Paris',
  'Nationale',
  'du Commerce',
  'des Fleurs',
  'de la Fontaine',
  'du Four',
  'des Prés',
  'Louis Pasteur',
  'Jules Ferry',
  'Paul Bert',
  'Aristide Briand',
  'Léon Blum',
  'Georges Clemenceau',
  'du Président Wilson',
  'de la Croix',
  'des Rosiers',
  'des Vergers',
  'du Pont',
  'de la Poste',
  'du Port',
  'Saint-Jacques',
  'des Remparts',
  'de la Tour',
  'des Cordeliers',
  'du Docteur Schweitzer',
  'des Peupliers',
];
const STREET_TYPES: ReadonlyArray<readonly [string, string[]]> = [
  ['rue', ['R.', 'r', 'R']],
  ['avenue', ['Av.', 'av', 'AV']],
  ['boulevard', ['Bd', 'bd.', 'BLD']],
  ['place', ['Pl.', 'pl']],
  ['chemin', ['Chem.', 'ch.']],
  ['impasse', ['Imp.', 'imp']],
  ['allée', ['All.', 'all']],
  ['route', ['Rte', 'rte']],
];
const STREET_TYPE_WEIGHTS = [50, 15, 8, 8, 6, 4, 4, 5];
const COMMUNE_PREFIXES = ['Saint-', 'Sainte-', 'Le ', 'La ', 'Les ', '', '', '', '', '', ''];
const SYLLABLES = [
  'ver',
  'mon',
  'bel',
  'cha',
  'ro',
  'lan',
  'sa',
  'vi',
  'gny',
  'vil',
  'court',
  'ac',
  'an',
  'ey',
  'mar',
  'tin',
  'lau',
  'nay',
  'ber',
  'gue',
  'ron',
  'lieu',
  'pey',
  'ru',
  'sac',
  'bour',
  'ges',
  'quin',
  'per',
  'lo',
  'ri',
  'mé',
  'ville',
  'fort',
  'champ',
  'val',
  'fon',
  'taine',
  'lé',
  'zi',
  'nan',
  'gis',
  'dor',
  'mieux',
  'sur',
  'bré',
  'cour',
  'ta',
];
const COMMUNE_SUFFIXES = [
  '',
  '',
  '',
  '',
  '',
  '-sur-Loire',
  '-sur-Seine',
  '-en-Provence',
  '-les-Bains',
  '-la-Forêt',
  '-le-Château',
  "-d'Azergues",
  '-de-Bretagne',
  '-sur-Mer',
  '-en-Bresse',
  '-du-Lac',
  '-sur-Marne',
  '-en-Vexin',
];

type Kind = 'FS' | 'BIB' | 'CCAS' | 'MAIRIE' | 'EPN' | 'ASSO' | 'CS' | 'MJC' | 'PIJ' | 'TIERS' | 'ML';
const TYPOLOGIE: Record<Kind, string> = {
  FS: 'RFS',
  BIB: 'BIB',
  CCAS: 'CCAS',
  MAIRIE: 'MUNI',
  EPN: 'EPN',
  ASSO: 'ASSO',
  CS: 'CS',
  MJC: 'MJC',
  PIJ: 'PIJ_BIJ',
  TIERS: 'TIERS_LIEUX',
  ML: 'ML',
};
/** Another code that some producers use for the same kind of place. */
const TYPOLOGIE_ALT: Partial<Record<Kind, string>> = {
  FS: 'MUNI',
  BIB: 'MUNI',
  CS: 'ASSO',
  MJC: 'ASSO',
  TIERS: 'ASSO',
  EPN: 'MUNI',
};
const SINGLE_KINDS: ReadonlyArray<readonly [Kind, number]> = [
  ['FS', 8],
  ['BIB', 20],
  ['EPN', 9],
  ['ASSO', 22],
  ['CS', 9],
  ['MJC', 5],
  ['PIJ', 4],
  ['TIERS', 6],
  ['ML', 3],
  ['CCAS', 4],
];
const MUNICIPAL: ReadonlySet<Kind> = new Set(['BIB', 'CCAS', 'MAIRIE', 'CS', 'MJC', 'EPN', 'PIJ']);
/** Services run by the city itself, published under the city's SIRET. */
const CITY_SIRET: ReadonlySet<Kind> = new Set(['BIB', 'MAIRIE', 'EPN']);
/** Kinds a commune has at most one of, named after the commune only. */
const ONE_PER_COMMUNE: ReadonlySet<Kind> = new Set(['CCAS', 'PIJ', 'ML']);

interface Commune {
  name: string;
  codeInsee: string;
  codePostal: string;
  lat: number;
  lon: number;
  /** Spread of lieux around the centre, in km (0 for a village: its lieux are at the centre). */
  sigmaKm: number;
  big: boolean;
  slug: string;
  usedNames: Set<string>;
  siret: string;
  switchboard: string;
}

interface Address {
  number?: number;
  numberTo?: number;
  index?: string;
  type: number;
  street: string;
}

interface Entity {
  id: string;
  kind: Kind;
  commune: Commune;
  names: string[];
  address: Address;
  lat: number;
  lon: number;
  phone?: string;
  email?: string;
  website?: string;
  siret?: string;
  /** A France Services bus: another lieu than the site it is based at. */
  itinerant?: boolean;
}

function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

export function generateSyntheticLieux(options: SyntheticOptions): SyntheticSet {
  const rand = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const chance = (p: number) => rand() < p;
  const between = (min: number, max: number) => min + rand() * (max - min);
  const int = (min: number, max: number) => Math.floor(between(min, max + 1));
  const weighted = <T>(items: readonly T[], weights: readonly number[]): T => {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = rand() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  };
  const gaussian = () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const offset = (
    lat: number,
    lon: number,
    metres: number,
    angle = rand() * 2 * Math.PI,
  ): [number, number] => [
    lat + (metres * Math.sin(angle)) / 111_195,
    lon + (metres * Math.cos(angle)) / (111_195 * Math.cos((lat * Math.PI) / 180)),
  ];
  const randomPoint = (): [number, number] => {
    const box = weighted(
      BOXES,
      BOXES.map((b) => b[4] * (b[1] - b[0]) * (b[3] - b[2])),
    );
    return [between(box[0], box[1]), between(box[2], box[3])];
  };
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');

  let communeCount = 0;
  const usedCommuneNames = new Set<string>();
  const makeCommune = (lat: number, lon: number, sigmaKm: number, big: boolean): Commune => {
    let name = '';
    for (let attempt = 0; attempt < 50 && (name === '' || usedCommuneNames.has(name)); attempt++) {
      const root = Array.from({ length: int(2, 3) }, () => pick(SYLLABLES)).join('');
      name = pick(COMMUNE_PREFIXES) + root[0]!.toUpperCase() + root.slice(1) + pick(COMMUNE_SUFFIXES);
    }
    if (usedCommuneNames.has(name)) name += `-${communeCount}`;
    usedCommuneNames.add(name);
    communeCount++;
    // Département from a 1° grid; codes 01–95 without 20 (Corsica uses 2A/2B).
    let dep = ((Math.floor(lat) * 13 + Math.floor(lon + 6) * 7) % 94) + 1;
    if (dep >= 20) dep++;
    const depCode = String(dep).padStart(2, '0');
    const codeInsee = depCode + String(communeCount % 1000).padStart(3, '0');
    const codePostal = depCode + String((communeCount * 7) % 1000).padStart(3, '0');
    return {
      name,
      codeInsee,
      codePostal,
      lat,
      lon,
      sigmaKm,
      big,
      slug: slugify(name),
      usedNames: new Set(),
      siret: `21${depCode}${digits(5)}00017`,
      switchboard: `+33${int(1, 5)}${digits(8)}`,
    };
  };

  // Cities: Zipf-like sizes; the spread grows with the size so that density stays realistic (≤ ~30/km²).
  const cityCount = Math.max(20, Math.round(options.lieux / 300));
  const zipf = Array.from({ length: cityCount }, (_, k) => 1 / Math.pow(k + 1, 0.8));
  const zipfTotal = zipf.reduce((s, w) => s + w, 0);
  const urbanShare = 0.75;
  const cities = zipf.map((w) => {
    const expected = (options.lieux * urbanShare * w) / zipfTotal;
    const sigmaKm = Math.max(1, Math.sqrt(expected / (2 * Math.PI * 30)));
    const [lat, lon] = randomPoint();
    return makeCommune(lat, lon, sigmaKm, expected > 150);
  });

  const entities: Entity[] = [];
  let entityCount = 0;
  // Street names: the classics everywhere, plus a long tail of people and places as in real cities.
  const streetName = (): string => {
    const r = rand();
    if (r < 0.4) return pick(STREET_NAMES);
    if (r < 0.85) return `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
    return `des ${pick(ASSO_WORDS)}s`;
  };
  const newAddress = (commune: Commune, withNumber = chance(0.88)): Address => {
    const address: Address = {
      type: weighted([0, 1, 2, 3, 4, 5, 6, 7], STREET_TYPE_WEIGHTS),
      street: streetName(),
    };
    if (commune.sigmaKm === 0 && chance(0.3))
      return { type: 3, street: pick(['de la Mairie', "de l'Église", 'du Marché']) };
    if (!withNumber) return address;
    address.number = int(1, 140);
    if (chance(0.05)) address.numberTo = address.number + 2 * int(1, 3);
    if (chance(0.1)) address.index = pick(['bis', 'ter']);
    return address;
  };
  const properName = (commune: Commune): string => {
    for (let attempt = 0; attempt < 30; attempt++) {
      const candidate = chance(0.7) ? `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}` : pick(QUARTERS);
      if (!commune.usedNames.has(candidate)) {
        commune.usedNames.add(candidate);
        return candidate;
      }
    }
    const fallback = `${pick(LAST_NAMES)} ${commune.usedNames.size}`;
    commune.usedNames.add(fallback);
    return fallback;
  };
  const initialOf = (proper: string) => {
    const parts = proper.split(' ');
    return parts.length >= 2 && FIRST_NAMES.includes(parts[0]!)
      ? `${parts[0]![0]}. ${parts.slice(1).join(' ')}`
      : proper;
  };
  const assoName = (commune: Commune): string => {
    for (let attempt = 0; attempt < 30; attempt++) {
      const word = pick(ASSO_WORDS);
      const suffix = pick(ASSO_SUFFIXES);
      const candidate = suffix ? `${word} ${suffix}` : word;
      if (!commune.usedNames.has(word)) {
        commune.usedNames.add(word);
        return candidate;
      }
    }
    const fallback = `${pick(ASSO_WORDS)} ${pick(QUARTERS)} ${commune.usedNames.size}`;
    commune.usedNames.add(fallback);
    return fallback;
  };
  const namesFor = (kind: Kind, commune: Commune): string[] => {
    const c = commune.name;
    const cSt = c.replace(/^Saint-/, 'St-').replace(/^Sainte-/, 'Ste-');
    switch (kind) {
      case 'FS': {
        if (commune.usedNames.has('#fs')) {
          // A city's second France Services is named after its quarter.
          let q = pick(QUARTERS);
          if (commune.usedNames.has(q)) q = properName(commune);
          commune.usedNames.add(q);
          return [`France Services ${c} ${q}`, `France services ${q} - ${c}`, `MSAP ${cSt} ${q}`, `FS ${q}`];
        }
        commune.usedNames.add('#fs');
        return [
          `France Services ${c}`,
          `France services de ${c}`,
          `Maison France Services ${cSt}`,
          `MSAP ${c}`,
          `FS ${cSt}`,
          `Espace France Services - ${c}`,
          `Maison de services au public de ${c}`,
        ];
      }
      case 'BIB': {
        if (commune.sigmaKm === 0 || chance(0.15)) {
          if (commune.usedNames.has('#bib')) return namesFor('BIB', { ...commune, sigmaKm: 1 });
          commune.usedNames.add('#bib');
          return [
            `Médiathèque de ${c}`,
            `Bibliothèque municipale de ${cSt}`,
            `Bibliothèque ${c}`,
            `Médiathèque ${c}`,
          ];
        }
        const p = properName(commune);
        return [
          `Médiathèque ${p}`,
          `Bibliothèque ${p}`,
          `Médiathèque municipale ${p}`,
          `Bibliothèque municipale ${initialOf(p)}`,
          `Médiathèque ${p} - ${c}`,
        ];
      }
      case 'CCAS':
        commune.usedNames.add('#CCAS');
        return [`CCAS de ${c}`, `Centre communal d'action sociale de ${c}`, `C.C.A.S. ${cSt}`, `CCAS ${c}`];
      case 'MAIRIE':
        return [`Mairie de ${c}`, `Hôtel de ville de ${c}`, `Mairie ${cSt}`, `Hôtel de Ville - ${c}`];
      case 'EPN': {
        const p = properName(commune);
        return [
          `Espace public numérique ${p}`,
          `EPN ${p}`,
          `EPN de ${c} - ${p}`,
          `Espace Public Numérique ${initialOf(p)}`,
        ];
      }
      case 'ASSO': {
        const n = assoName(commune);
        return [n, `Association ${n}`, `Asso ${n}`, `${n} (association)`];
      }
      case 'CS': {
        const p = properName(commune);
        return [
          `Centre social ${p}`,
          `Centre socio-culturel ${p}`,
          `Centre social et culturel ${p}`,
          `Centre Social ${initialOf(p)}`,
        ];
      }
      case 'MJC': {
        const p = properName(commune);
        return [`MJC ${p}`, `Maison des jeunes et de la culture ${p}`, `M.J.C. ${initialOf(p)}`];
      }
      case 'PIJ':
        commune.usedNames.add('#PIJ');
        return [
          `Point Information Jeunesse de ${c}`,
          `PIJ ${cSt}`,
          `Point info jeunesse ${c}`,
          `BIJ de ${c}`,
        ];
      case 'TIERS': {
        // Two tiers-lieux of one town never share a name: "La Fabrique" and "La Fabrique Bellevue" would
        // confuse people as much as the deduplication.
        let n = pick(TIERS_NAMES);
        if (commune.usedNames.has(n))
          n = `${pick(['Le Local', 'La Station', "L'Escale", 'Le Quai'])} ${assoName(commune)}`;
        commune.usedNames.add(n);
        return [n, `Tiers-lieu ${n}`, `${n} (tiers-lieu)`, `${n} - tiers lieu numérique`];
      }
      case 'ML':
        commune.usedNames.add('#ML');
        return [`Mission locale ${c}`, `Mission Locale de ${c}`, `Mission locale du bassin de ${cSt}`];
    }
  };
  const place = (commune: Commune): [number, number] => {
    if (commune.sigmaKm === 0) return offset(commune.lat, commune.lon, between(0, 400));
    return offset(commune.lat, commune.lon, Math.abs(gaussian()) * commune.sigmaKm * 1000);
  };
  const addEntity = (
    kind: Kind,
    commune: Commune,
    at: { lat: number; lon: number; address: Address },
    shared: { phone?: string; email?: string; website?: string; siret?: string } = {},
  ): Entity => {
    const names = namesFor(kind, commune);
    const base = slugify(names[0]!);
    const entity: Entity = {
      id: `e${entityCount++}`,
      kind,
      commune,
      names,
      address: at.address,
      lat: at.lat,
      lon: at.lon,
      phone: shared.phone ?? (chance(0.92) ? `+33${int(1, 5)}${digits(8)}` : `+336${digits(8)}`),
      email:
        shared.email ??
        (MUNICIPAL.has(kind) && commune.big
          ? `${base}@ville-${commune.slug}.fr`
          : chance(0.4)
            ? `${base}@gmail.com`
            : `contact@${base}.fr`),
      website:
        shared.website ??
        (MUNICIPAL.has(kind)
          ? `https://www.ville-${commune.slug}.fr/${base}`
          : chance(0.3)
            ? `https://www.facebook.com/${base}`
            : `https://www.${base}.fr/`),
      siret: shared.siret ?? (CITY_SIRET.has(kind) ? commune.siret : `${int(3, 8)}${digits(13)}`),
    };
    entities.push(entity);
    return entity;
  };

  // Scenarios, until more than enough records are expected (about 1.9 records per entity on average); the
  // records are cut at the requested size below.
  const expectedRecordsPerEntity = 1.6;
  while (entities.length * expectedRecordsPerEntity < options.lieux) {
    const urban = chance(urbanShare);
    const commune = urban
      ? weighted(cities, zipf)
      : (() => {
          const [lat, lon] = randomPoint();
          return makeCommune(lat, lon, 0, false);
        })();
    const scenario = weighted(
      ['single', 'mairie', 'asso-house', 'libraries', 'antennas', 'street'] as const,
      urban ? [70, 6, 5, 8, 5, 6] : [70, 25, 0, 0, 0, 5],
    );
    const [lat, lon] = place(commune);
    switch (scenario) {
      case 'single': {
        let kind = weighted(
          SINGLE_KINDS.map((k) => k[0]),
          SINGLE_KINDS.map((k) => k[1]),
        );
        if (ONE_PER_COMMUNE.has(kind) && commune.usedNames.has(`#${kind}`)) kind = 'ASSO';
        addEntity(kind, commune, { lat, lon, address: newAddress(commune) });
        break;
      }
      case 'mairie': {
        // One building: the mairie, often the CCAS, sometimes France Services; one switchboard.
        if (commune.usedNames.has('#mairie')) break;
        commune.usedNames.add('#mairie');
        const address = newAddress(commune);
        const switchboard = chance(0.5) ? commune.switchboard : undefined;
        addEntity('MAIRIE', commune, { lat, lon, address }, { phone: commune.switchboard });
        if (chance(0.7) && !commune.usedNames.has('#CCAS')) {
          const [la, lo] = offset(lat, lon, between(0, 10));
          addEntity(
            'CCAS',
            commune,
            { lat: la, lon: lo, address },
            switchboard ? { phone: switchboard } : {},
          );
        }
        if (chance(0.5) && !commune.usedNames.has('#fs')) {
          const [la, lo] = offset(lat, lon, between(0, 15));
          const site = addEntity(
            'FS',
            commune,
            { lat: la, lon: lo, address },
            switchboard ? { phone: switchboard } : {},
          );
          if (chance(0.3)) {
            // Its bus, parked at the same address, often with the same phone and e-mail.
            const bus = addEntity(
              'FS',
              commune,
              { lat: la, lon: lo, address },
              {
                ...(chance(0.6) && site.phone ? { phone: site.phone } : {}),
                ...(chance(0.5) && site.email ? { email: site.email } : {}),
              },
            );
            const c = commune.name;
            bus.names = [`Bus France Services ${c}`, `France Services itinérante ${c}`, `Bus FS ${c}`];
            bus.itinerant = true;
          }
        }
        break;
      }
      case 'asso-house': {
        // A maison des associations: several associations, one address, often one phone.
        const address = newAddress(commune, true);
        const phone = chance(0.5) ? `+33${int(1, 5)}${digits(8)}` : undefined;
        for (let k = int(2, 4); k > 0; k--) {
          const [la, lo] = offset(lat, lon, between(0, 8));
          addEntity(
            chance(0.8) ? 'ASSO' : 'TIERS',
            commune,
            { lat: la, lon: lo, address },
            phone ? { phone } : {},
          );
        }
        break;
      }
      case 'libraries': {
        // A city's library network: the city's SIRET and website everywhere, sometimes one switchboard.
        const phone = chance(0.4) ? commune.switchboard : undefined;
        for (let k = int(2, 4); k > 0; k--) {
          const [la, lo] = k === 1 ? [lat, lon] : place(commune);
          addEntity(
            'BIB',
            commune,
            { lat: la, lon: lo, address: newAddress(commune) },
            {
              siret: commune.siret,
              website: `https://www.ville-${commune.slug}.fr/`,
              ...(phone ? { phone } : {}),
            },
          );
        }
        break;
      }
      case 'antennas': {
        // One association, several antennas: same name stem, SIRET, phone and e-mail, different places.
        const first = addEntity('ASSO', commune, { lat, lon, address: newAddress(commune) });
        for (let k = int(1, 2); k > 0; k--) {
          const [la, lo] = offset(lat, lon, between(250, 1500));
          const antenna = addEntity(
            'ASSO',
            commune,
            { lat: la, lon: lo, address: newAddress(commune) },
            {
              ...(first.phone ? { phone: first.phone } : {}),
              ...(first.email ? { email: first.email } : {}),
              ...(first.siret ? { siret: first.siret } : {}),
            },
          );
          const quarter = pick(QUARTERS);
          antenna.names = first.names.map((n) => `${n} - antenne ${quarter}`);
        }
        break;
      }
      case 'street': {
        // Neighbours on one street, different house numbers.
        const street = newAddress(commune, true);
        for (let k = 2; k > 0; k--) {
          const [la, lo] = offset(lat, lon, between(20, 120));
          const kind = weighted(
            SINGLE_KINDS.map((x) => x[0]),
            SINGLE_KINDS.map((x) => x[1]),
          );
          addEntity(kind, commune, {
            lat: la,
            lon: lo,
            address: { ...street, number: int(1, 140), numberTo: undefined },
          });
        }
        break;
      }
    }
  }

  // Records: each entity published by one to three sources, each with its own habits.
  const inputs: DedupInput[] = [];
  const entityOf = new Map<string, string>();
  const recordCounts = new Map<string, number>();
  const emit = (entity: Entity, sourceId: string) => {
    const n = (recordCounts.get(sourceId) ?? 0) + 1;
    recordCounts.set(sourceId, n);
    const key = `${sourceId}:${n}`;
    const national = sourceId === 'france-services';
    const record: FlatRecord = {
      id: String(n),
      nom: perturbName(entity, national),
      commune: chance(0.2) ? entity.commune.name.toUpperCase() : entity.commune.name,
      code_postal: entity.commune.codePostal,
      code_insee: chance(0.85) ? entity.commune.codeInsee : '',
      adresse: formatAddress(entity.address, national),
      date_maj: `202${int(1, 4)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
      pivot: !chance(0.6) ? '' : chance(0.15) ? '00000000000000' : (entity.siret ?? ''),
      telephone:
        entity.phone && chance(national ? 0.95 : 0.65)
          ? formatPhone(chance(0.1) ? `+33${int(1, 5)}${digits(8)}` : entity.phone)
          : '',
      courriels: entity.email && chance(national ? 0.9 : 0.45) ? entity.email : '',
      site_web: entity.website && chance(0.4) ? formatUrl(entity.website) : '',
      typologie: chance(0.6)
        ? chance(0.2) && TYPOLOGIE_ALT[entity.kind]
          ? TYPOLOGIE_ALT[entity.kind]!
          : TYPOLOGIE[entity.kind]
        : '',
      services: pick([
        'Aide aux démarches administratives',
        'Maîtrise des outils numériques du quotidien',
        'Accès internet et matériel informatique',
      ]),
      source: sourceId,
      itinerance:
        entity.kind === 'FS' && (national || chance(0.4)) ? (entity.itinerant ? 'Itinérant' : 'Fixe') : '',
    };
    const input: DedupInput = { key, sourceId, record };
    if (chance(national ? 1 : 0.78)) {
      // 2 % of records are geocoded to the commune centre (a classic geocoder fallback).
      const [la, lo] = chance(0.02)
        ? [entity.commune.lat, entity.commune.lon]
        : offset(entity.lat, entity.lon, between(5, 80));
      input.latitude = Math.round(la * 1e6) / 1e6;
      input.longitude = Math.round(lo * 1e6) / 1e6;
    }
    inputs.push(input);
    entityOf.set(key, entity.id);
  };
  const perturbName = (entity: Entity, national: boolean): string => {
    let name = national ? entity.names[0]! : chance(0.5) ? entity.names[0]! : pick(entity.names);
    if (!national) {
      if (chance(0.25)) name = name.toUpperCase();
      else if (chance(0.05)) name = name.toLowerCase();
      if (chance(0.2)) name = stripAccents(name);
      if (chance(0.3)) name = name.replace(/\bSaint-/g, 'St-').replace(/\bSainte-/g, 'Ste-');
      if (chance(0.1)) name = name.replace(/-/g, ' ');
    }
    return name;
  };
  const formatAddress = (a: Address, national: boolean): string => {
    const [full, abbreviations] = STREET_TYPES[a.type]!;
    const type = !national && chance(0.35) ? pick(abbreviations) : full;
    let number = '';
    if (a.number !== undefined && !(!national && chance(0.07))) {
      number = a.numberTo !== undefined && chance(0.7) ? `${a.number}-${a.numberTo}` : String(a.number);
      if (a.index && !chance(0.08)) {
        const idx = a.index === 'bis' ? pick(['bis', 'B', 'BIS', 'b']) : pick(['ter', 'T', 'TER']);
        number += idx.length === 1 && chance(0.6) ? idx : ` ${idx}`;
      }
      number += chance(0.15) ? ', ' : ' ';
    }
    let text = `${number}${type} ${a.street}`;
    if (!national && chance(0.3)) text = text.toUpperCase();
    if (!national && chance(0.2)) text = stripAccents(text);
    return text;
  };
  const formatPhone = (e164: string): string => {
    const national10 = '0' + e164.slice(3);
    const pairs = national10.match(/.{2}/g)!;
    return pick([e164, pairs.join(' '), pairs.join('.'), national10]);
  };
  const formatUrl = (url: string): string =>
    pick([url, url.replace('https://www.', 'http://'), url.replace(/\/$/, ''), url.replace('https://', '')]);

  for (const entity of entities) {
    if (inputs.length >= options.lieux) break;
    const dep = entity.commune.codeInsee.slice(0, 2);
    const hub = `hub-${Math.floor(entity.commune.lat)}-${Math.floor(entity.commune.lon)}`;
    const publishers = [`departement-${dep}`, hub];
    if (entity.commune.big && MUNICIPAL.has(entity.kind)) publishers.push(`ville-${entity.commune.slug}`);
    let sources: string[];
    if (entity.kind === 'FS') {
      sources = ['france-services', ...publishers.filter(() => chance(0.45))];
    } else {
      const count = weighted([1, 2, 3], [50, 33, 17]);
      const shuffled = [...publishers];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      sources = shuffled.slice(0, count);
    }
    for (const source of sources) emit(entity, source);
    // A few producers list the same place twice.
    if (chance(0.01)) emit(entity, sources[0]!);
  }
  return { inputs, entityOf };
}

export interface PairwiseQuality {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
}

/** Pairwise precision and recall of groups against the labels. */
export function evaluateGroups(
  groups: ReadonlyArray<{ members: readonly string[] }>,
  entityOf: ReadonlyMap<string, string>,
): PairwiseQuality {
  const perEntity = new Map<string, number>();
  for (const entity of entityOf.values()) perEntity.set(entity, (perEntity.get(entity) ?? 0) + 1);
  let truePairs = 0;
  for (const n of perEntity.values()) truePairs += (n * (n - 1)) / 2;
  let predictedPairs = 0;
  let truePositives = 0;
  for (const group of groups) {
    const counts = new Map<string, number>();
    for (const key of group.members) {
      const entity = entityOf.get(key) ?? `?${key}`;
      counts.set(entity, (counts.get(entity) ?? 0) + 1);
    }
    predictedPairs += (group.members.length * (group.members.length - 1)) / 2;
    for (const n of counts.values()) truePositives += (n * (n - 1)) / 2;
  }
  return {
    truePairs,
    predictedPairs,
    truePositives,
    precision: predictedPairs === 0 ? 1 : truePositives / predictedPairs,
    recall: truePairs === 0 ? 1 : truePositives / truePairs,
  };
}
