/**
 * Repair of one record of the standard before validation: every change is logged with its field, the
 * value before and after, a stable rule code and a French message; nothing is invented (a value is
 * only rewritten, completed from the official geography, or removed when it cannot be a value of
 * that field). Unknown columns are kept untouched.
 *
 * Order matters: whitespace first (every rule then sees clean text), then the commune (the telephone's
 * territory and the coordinates' plausibility depend on it), then the rest.
 *
 * Missing `pivot`: filled with the standard's placeholder `00000000000000` (rule `pivot.placeholder`),
 * as the previous national pipeline did. Why: `pivot` is required, so without it the record fails the
 * schema and drops out of every export, although the standard itself documents this placeholder for
 * "identifier not known"; it carries no invented information, validation still warns on it
 * (`pivot.placeholder`) and the quality score counts the warning. `fillMissingPivot: false` turns it off.
 */
import { ENUM_FIELD_NAMES, FIELDS } from '../../core/standard/fields.js';
import { repairCommune } from './commune.js';
import { cleanEmails, cleanUrl, cleanUrls } from './contacts.js';
import { DEFAULT_MAX_DISTANCE_KM, repairCoordinates } from './coordinates.js';
import { parseDateMaj } from './dates.js';
import { cleanList, ENUM_VOCABULARIES, TYPOLOGY_VOCABULARY } from './lists.js';
import { q, RepairSession } from './session.js';
import { countryCodeFor, parseTelephones } from './telephone.js';
import { cleanInline, cleanMultiline, frenchTitleCase, isAllCaps } from './text.js';
import { inferTypologies } from './typologie.js';
import type { FlatRecord } from '../../core/standard/types.js';
import type { RepairContext, RepairResult } from './types.js';

export const PIVOT_PLACEHOLDER = '00000000000000';

const MULTILINE = new Set(['presentation_resume', 'presentation_detail']);
/** Names people read on a lieu page: title-cased when typed in capitals. */
const CASED = ['nom', 'adresse', 'complement_adresse', 'structure_parente'];

function repairWhitespace(s: RepairSession): void {
  for (const { name } of FIELDS) {
    const value = s.get(name);
    if (!value) continue;
    const cleaned = MULTILINE.has(name) ? cleanMultiline(value) : cleanInline(value);
    if (cleaned !== value) {
      s.set(
        name,
        cleaned,
        'text.whitespace',
        cleaned
          ? 'espaces en trop, insécables ou invisibles, et retours à la ligne superflus retirés.'
          : 'valeur faite uniquement d’espaces : vidée.',
      );
    }
  }
}

function repairCase(s: RepairSession, field: string): void {
  const value = s.get(field);
  if (!value || !isAllCaps(value)) return;
  const cased = frenchTitleCase(value);
  s.set(field, cased, 'text.case', `${q(value)} écrit en capitales : ${q(cased)}.`);
}

function repairPivot(s: RepairSession, fill: boolean): void {
  const pivot = s.get('pivot');
  if (!pivot) {
    if (fill) {
      s.set(
        'pivot',
        PIVOT_PLACEHOLDER,
        'pivot.placeholder',
        `pivot absent : la valeur de remplacement du standard ${PIVOT_PLACEHOLDER} est utilisée ; indiquez le SIRET de la structure (annuaire-entreprises.data.gouv.fr), à défaut son RNA ou RIDET.`,
      );
    }
    return;
  }
  const compact = pivot.replace(/[\s.\-_/]/g, '');
  if (compact !== pivot && /^[a-zA-Z0-9]{9,14}$/.test(compact)) {
    s.set(
      'pivot',
      compact,
      'pivot.format',
      `pivot ${q(pivot)} écrit sans espaces ni ponctuation : ${compact}.`,
    );
  }
}

function repairTelephone(s: RepairSession, codeInsee: string | undefined): void {
  const value = s.get('telephone');
  if (!value) return;
  const territory = countryCodeFor(codeInsee ?? s.get('code_insee'), s.get('code_postal'));
  const { numbers, rejected, restoredZero } = parseTelephones(value, territory);
  const unique = [...new Set(numbers)];
  const first = unique[0];
  if (!first) {
    s.set(
      'telephone',
      '',
      'telephone.invalid',
      `${q(value)} n'est pas un numéro de téléphone utilisable (format international attendu, ex. +33180059880) : retiré.`,
    );
    return;
  }
  if (first === value) return;
  const others = [...unique.slice(1), ...rejected];
  if (others.length) {
    s.set(
      'telephone',
      first,
      'telephone.multiple',
      `un seul numéro est permis : ${first} gardé (premier de ${q(value)}) ; retiré : ${others.join(', ')}.`,
    );
  } else if (restoredZero) {
    s.set(
      'telephone',
      first,
      'telephone.leading_zero',
      `numéro ${q(value)} sans son 0 initial (perdu par le tableur ?) : ${first}.`,
    );
  } else {
    s.set(
      'telephone',
      first,
      'telephone.e164',
      `numéro ${q(value)} écrit au format international : ${first}.`,
    );
  }
}

function repairEmails(s: RepairSession): void {
  const value = s.get('courriels');
  if (!value) return;
  const { kept, dropped, rewritten, duplicates } = cleanEmails(value);
  const after = kept.join('|');
  if (after === value) return;
  const details: string[] = [];
  if (dropped.length) details.push(`adresse(s) invalide(s) retirée(s) : ${dropped.map(q).join(', ')}`);
  if (rewritten.length) details.push('« mailto: », ponctuation et majuscules retirées');
  if (duplicates.length) details.push(`doublon(s) retiré(s) : ${duplicates.join(', ')}`);
  const rule = dropped.length
    ? 'courriels.invalid'
    : rewritten.length
      ? 'courriels.format'
      : 'courriels.list';
  if (!rewritten.length && !dropped.length && !duplicates.length) details.push('adresses séparées par « | »');
  s.set('courriels', after, rule, `courriels ${q(value)} : ${details.join(' ; ')}.`);
}

function repairUrls(s: RepairSession): void {
  const value = s.get('site_web');
  if (value) {
    const { kept, dropped, rewritten, duplicates } = cleanUrls(value);
    const after = kept.join('|');
    if (after !== value) {
      const details: string[] = [];
      if (dropped.length)
        details.push(`valeur(s) qui ne sont pas des adresses web retirée(s) : ${dropped.map(q).join(', ')}`);
      if (rewritten.length)
        details.push(`adresse(s) complétée(s) : ${rewritten.map(([, a]) => a).join(', ')}`);
      if (duplicates.length) details.push(`doublon(s) retiré(s) : ${duplicates.join(', ')}`);
      if (!details.length) details.push('adresses séparées par « | »');
      const rule = dropped.length
        ? 'site_web.invalid'
        : rewritten.length
          ? 'site_web.format'
          : 'site_web.list';
      s.set('site_web', after, rule, `site_web ${q(value)} : ${details.join(' ; ')}.`);
    }
  }
  for (const field of ['fiche_acces_libre', 'prise_rdv']) {
    const single = s.get(field);
    if (!single) continue;
    const { kept, dropped } = cleanUrls(single);
    const first = kept[0];
    if (first === single) continue;
    if (!first) {
      s.set(field, '', `${field}.invalid`, `${q(single)} n'est pas une adresse web : retiré.`);
    } else if (kept.length > 1 || dropped.length) {
      s.set(
        field,
        first,
        `${field}.multiple`,
        `une seule adresse est permise : ${first} gardée, le reste de ${q(single)} retiré.`,
      );
    } else {
      s.set(
        field,
        first,
        `${field}.format`,
        `adresse web ${q(single)} complétée : ${cleanUrl(single) ?? first}.`,
      );
    }
  }
}

function repairLists(s: RepairSession): void {
  for (const field of ENUM_FIELD_NAMES) {
    const value = s.get(field);
    if (!value) continue;
    const { value: after, changes } = cleanList(value, ENUM_VOCABULARIES.get(field)!);
    if (after !== value) s.set(field, after, `${field}.list`, `${field} : ${changes.join(' ; ')}.`);
  }
  const typologie = s.get('typologie');
  if (typologie) {
    const { value: after, changes } = cleanList(typologie, TYPOLOGY_VOCABULARY);
    if (after !== typologie)
      s.set('typologie', after, 'typologie.list', `typologie : ${changes.join(' ; ')}.`);
  }
}

function repairDate(s: RepairSession): void {
  const value = s.get('date_maj');
  if (!value) return;
  const day = parseDateMaj(value);
  if (day && day !== value)
    s.set('date_maj', day, 'date_maj.format', `date ${q(value)} écrite au format AAAA-MM-JJ : ${day}.`);
}

function inferTypologie(s: RepairSession): void {
  if (s.get('typologie')) return;
  const codes = inferTypologies(s.get('nom'));
  if (!codes.length) return;
  s.set(
    'typologie',
    codes.join('|'),
    'typologie.inferred',
    `typologie absente, déduite du nom ${q(s.get('nom'))} : ${codes.join('|')} ; corrigez-la si elle ne convient pas.`,
  );
}

/** Repairs one record (a copy: the input is not modified). Never throws on bad values. */
export function repairRecord(record: FlatRecord, ctx: RepairContext): RepairResult {
  const s = new RepairSession(record);
  repairWhitespace(s);
  repairPivot(s, ctx.fillMissingPivot !== false);
  for (const field of CASED) repairCase(s, field);
  const codeInsee = repairCommune(s, ctx.gazetteer);
  repairCase(s, 'commune');
  repairTelephone(s, codeInsee);
  repairEmails(s);
  repairUrls(s);
  repairLists(s);
  repairDate(s);
  repairCoordinates(s, ctx.gazetteer, codeInsee, ctx.maxDistanceKm ?? DEFAULT_MAX_DISTANCE_KM);
  inferTypologie(s);
  return { record: s.record, repairs: s.repairs, warnings: s.warnings };
}
