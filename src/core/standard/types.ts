/**
 * Two shapes of a lieu:
 * - `FlatRecord`: what files hold — every field a string, lists joined with `|` (CSV/JSON rows).
 * - `Lieu`: what code uses — typed values, lists as arrays, numbers as numbers.
 */
import type {
  DispositifProgrammeNational,
  FormationLabel,
  FraisACharge,
  Itinerance,
  ModaliteAcces,
  ModaliteAccompagnement,
  PriseEnChargeSpecifique,
  PublicSpecifiquementAdresse,
  Service,
} from './enums.js';

/** A row as read from a file: column name → raw text. Unknown columns are kept. */
export type FlatRecord = Record<string, string>;

export interface Lieu {
  id: string;
  pivot: string;
  nom: string;
  commune: string;
  code_postal: string;
  code_insee?: string;
  adresse: string;
  complement_adresse?: string;
  latitude?: number;
  longitude?: number;
  typologie?: string[];
  telephone?: string;
  courriels?: string[];
  site_web?: string[];
  horaires?: string;
  presentation_resume?: string;
  presentation_detail?: string;
  source?: string;
  itinerance?: Itinerance[];
  structure_parente?: string;
  /** ISO date YYYY-MM-DD. */
  date_maj: string;
  services?: Service[];
  publics_specifiquement_adresses?: PublicSpecifiquementAdresse[];
  prise_en_charge_specifique?: PriseEnChargeSpecifique[];
  frais_a_charge?: FraisACharge[];
  dispositif_programmes_nationaux?: DispositifProgrammeNational[];
  formations_labels?: FormationLabel[];
  autres_formations_labels?: string;
  modalites_acces?: ModaliteAcces[];
  modalites_accompagnement?: ModaliteAccompagnement[];
  fiche_acces_libre?: string;
  prise_rdv?: string;
}

export type LieuField = keyof Lieu;
