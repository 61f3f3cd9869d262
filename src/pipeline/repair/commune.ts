/**
 * Commune, code postal and code INSEE made consistent with the Code officiel géographique (through
 * the gazetteer): a missing code INSEE is filled from the commune and postcode, a former commune's
 * code becomes the current one, Paris/Lyon/Marseille get their arrondissement's code from the
 * postcode, the commune's name takes its official spelling, and when two of the three fields agree
 * against the third, the third is corrected. When the gazetteer cannot confirm anything (a single
 * field, homonyms, nothing known), nothing changes and a warning says why.
 */
import { foldName } from '../../core/geo/fold.js';
import { normalizeCodeInsee, normalizeCodePostal } from '../../core/geo/codes.js';
import type { Gazetteer } from '../../core/geo/gazetteer.js';
import { haversineKm } from '../../core/geo/distance.js';
import type { LatLon } from '../../core/geo/types.js';
import { territoryAt } from '../../core/standard/checks.js';
import { communeReach, readCoordinate } from './coordinates.js';
import { q, type RepairSession } from './session.js';

/** Below this, `resolveCommune` is guessing (homonyms, one field against another): no change. */
export const MIN_CONFIDENCE = 0.6;
/** One field against another, but the lieu's coordinates lie in the chosen commune: that settles it. */
const MIN_CONFIDENCE_WITH_POSITION = 0.5;

/** The record's coordinates when they are plain degrees inside France (before any repair). */
function sourcePosition(s: RepairSession): LatLon | undefined {
  const lat = readCoordinate(s.get('latitude'));
  const lon = readCoordinate(s.get('longitude'));
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) return undefined;
  return territoryAt(lat, lon) ? { lat, lon } : undefined;
}

function normalizeCodes(s: RepairSession): void {
  const cp = s.get('code_postal');
  const cpNorm = normalizeCodePostal(cp);
  if (cp && cpNorm && cpNorm !== cp) {
    const why = /^\d{4}$/.test(cp.trim())
      ? 'le 0 initial perdu par le tableur est rétabli'
      : 'espaces retirés';
    s.set('code_postal', cpNorm, 'code_postal.format', `code postal ${q(cp)} : ${why} (${cpNorm}).`);
  }
  const code = s.get('code_insee');
  const codeNorm = normalizeCodeInsee(code);
  if (code && codeNorm && codeNorm !== code) {
    const why = /^\d{4}$/.test(code.trim())
      ? 'le 0 initial perdu par le tableur est rétabli'
      : 'mis en forme';
    s.set('code_insee', codeNorm, 'code_insee.format', `code INSEE ${q(code)} : ${why} (${codeNorm}).`);
  }
}

/**
 * Repairs the three fields in place; returns the code INSEE the record designates (after repair),
 * when known, for the checks that need the commune (coordinates, telephone territory).
 */
export function repairCommune(s: RepairSession, g: Gazetteer): string | undefined {
  normalizeCodes(s);
  const nom = s.get('commune');
  const codePostal = s.get('code_postal');
  const codeInsee = s.get('code_insee');
  if (!nom && !codePostal && !codeInsee) return undefined;

  const position = sourcePosition(s);
  const res = g.resolveCommune({ nom, codePostal, codeInsee, ...(position ? { position } : {}) });
  const given = [
    nom && `commune ${q(nom)}`,
    codePostal && `code postal ${codePostal}`,
    codeInsee && `code INSEE ${codeInsee}`,
  ]
    .filter(Boolean)
    .join(', ');
  if (!res) {
    s.warn(
      'commune',
      nom,
      'commune.unknown',
      `Aucune commune du Code officiel géographique ne correspond (${given}) : vérifiez la commune et le code postal.`,
    );
    return normalizeCodeInsee(codeInsee);
  }
  const reach = position ? communeReach(g, res.code) : undefined;
  const confirmedByPosition =
    !!reach &&
    !!position &&
    haversineKm(position, reach.centre) <= reach.maxKm &&
    res.confidence >= MIN_CONFIDENCE_WITH_POSITION;
  if (res.confidence < MIN_CONFIDENCE && !confirmedByPosition) {
    s.warn(
      'commune',
      nom,
      'commune.uncertain',
      `Commune incertaine (${given})${res.note ? ` : ${res.note}` : ''} ; rien n'a été corrigé, vérifiez ces champs.`,
    );
    // A code INSEE that exists still designates its commune.
    return g.communeByCode(codeInsee)?.code;
  }
  const why = res.note ? ` (${res.note})` : '';

  if (res.code !== codeInsee) {
    if (!codeInsee) {
      s.set(
        'code_insee',
        res.code,
        'code_insee.filled',
        `code INSEE ${res.code} déduit de la commune${codePostal ? ' et du code postal' : ''}.`,
      );
    } else {
      const former = g.ancienneCommune(codeInsee);
      const current = g.communeByCode(res.code);
      if (former && (former.commune === res.code || current?.commune === former.commune)) {
        s.set(
          'code_insee',
          res.code,
          'code_insee.merged',
          `code INSEE ${codeInsee} d'une ancienne commune${former.nom ? ` (${former.nom})` : ''}, remplacé par celui de la commune actuelle ${res.nom} (${res.code}).`,
        );
      } else if (current?.commune === codeInsee) {
        s.set(
          'code_insee',
          res.code,
          'code_insee.arrondissement',
          `code INSEE ${codeInsee} : pour ${res.nom}, le code attendu est celui de l'arrondissement, ${res.code} (${current.nom}), d'après le code postal ${codePostal}.`,
        );
      } else {
        s.set(
          'code_insee',
          res.code,
          'code_insee.inconsistent',
          `code INSEE ${codeInsee} incohérent avec la commune et le code postal : remplacé par ${res.code}${why}.`,
        );
      }
    }
  }

  if (res.codePostal && res.codePostal !== codePostal) {
    if (!codePostal) {
      s.set(
        'code_postal',
        res.codePostal,
        'code_postal.filled',
        `code postal ${res.codePostal} déduit de la commune (${res.nom} n'en a qu'un).`,
      );
    } else {
      s.set(
        'code_postal',
        res.codePostal,
        'code_postal.inconsistent',
        `code postal ${codePostal} incohérent avec la commune : remplacé par ${res.codePostal}${why}.`,
      );
    }
  }

  const chosen = g.communeByCode(res.code);
  if (codePostal && !res.codePostal && chosen && !chosen.codesPostaux.includes(codePostal)) {
    s.warn(
      'code_postal',
      codePostal,
      'code_postal.inconsistent',
      `code postal ${codePostal} incohérent avec ${res.nom}, qui en a plusieurs (${chosen.codesPostaux.join(', ')}) : indiquez le bon.`,
    );
  }

  if (res.nom !== nom) {
    if (!nom) {
      s.set('commune', res.nom, 'commune.filled', `commune ${q(res.nom)} déduite des codes.`);
    } else if (foldName(res.nom) === foldName(nom)) {
      s.set(
        'commune',
        res.nom,
        'commune.spelling',
        `commune ${q(nom)} écrite comme dans le Code officiel géographique : ${q(res.nom)}.`,
      );
    } else {
      s.set(
        'commune',
        res.nom,
        'commune.official_name',
        `commune ${q(nom)} remplacée par le nom officiel ${q(res.nom)}${why}.`,
      );
    }
  }
  return res.code;
}
