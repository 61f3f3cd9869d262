/**
 * The national list of France Services sites (ANCT, `liste-fs-AAAAMMJJ.csv`): one CSV row per site,
 * hours per weekday (`09:00 - 12:00 / 13:30 - 17:00`), `itinerance` Oui/Non, `format_fs` (site
 * principal or antenne), the labellisation date (« Espace labellisé 01/01/2020 »).
 *
 * Every France Services site offers, by its charter, free help with administrative procedures, free
 * access to a computer and the internet, and individual support: those are constants of the source,
 * stated here once rather than guessed per row.
 */
import type { Mapping } from '../mapping/types.js';

export const FRANCE_SERVICES_MAPPING: Mapping = {
  fields: {
    id: { template: 'france-services-{id_fs}' },
    nom: 'lib_fs',
    adresse: 'adresse',
    complement_adresse: 'complement_adresse',
    code_postal: 'code_postal',
    code_insee: 'insee_com',
    commune: 'lib_com',
    latitude: 'latitude',
    longitude: 'longitude',
    courriels: 'mail',
    telephone: 'telephone',
    presentation_detail: 'commentaire',
    date_maj: 'labellisation',
    horaires: {
      days: {
        Mo: 'h_lundi',
        Tu: 'h_mardi',
        We: 'h_mercredi',
        Th: 'h_jeudi',
        Fr: 'h_vendredi',
        Sa: 'h_samedi',
      },
    },
    itinerance: [
      { columns: ['itinerance'], equals: ['Oui'], target: 'Itinérant' },
      { columns: ['itinerance'], equals: ['Non'], target: 'Fixe' },
    ],
  },
  constants: {
    source: 'France Services (ANCT)',
    typologie: 'RFS',
    dispositif_programmes_nationaux: 'France Services',
    services: [
      'Aide aux démarches administratives',
      'Accès internet et matériel informatique',
      'Insertion professionnelle via le numérique',
    ],
    frais_a_charge: 'Gratuit',
    modalites_accompagnement: ['Accompagnement individuel', 'En autonomie'],
  },
};
