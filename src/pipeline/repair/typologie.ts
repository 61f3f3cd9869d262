/**
 * Typology deduced from the lieu's name when the producer gave none: « Médiathèque de Veil » is a
 * BIB, « CCAS de Lyon » a CCAS. Only explicit words count; the first matching rules win (a name may
 * carry two: « Mairie – France Services » → MUNI|RFS, in the order written).
 */
import { foldName } from '../../core/geo/fold.js';

/** Folded patterns (lowercase ASCII words, see foldName) → typology code. */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:mediatheque|bibliotheque|ludomediatheque|mediatheques|bibliotheques)\b/, 'BIB'],
  [/\bccas\b|\bcentre communal d action sociale\b/, 'CCAS'],
  [/\bcias\b|\bcentre intercommunal d action sociale\b/, 'CIAS'],
  [/\bfrance services?\b|\bmsap\b|\bmaisons? de services? au public\b|\bespace france services?\b/, 'RFS'],
  [/\bmairie\b|\bhotel de ville\b/, 'MUNI'],
  [/\bmission locale\b/, 'ML'],
  [/\bcentre socio ?culturel\b|\bcsc\b/, 'CSC'],
  [/\bcentres? sociale?s?\b|\bcentres? sociaux\b/, 'CS'],
  [/\bepn\b|\bespaces? publics? numeriques?\b|\bcyber ?bases?\b/, 'EPN'],
  [/\bespaces? publics? internet\b/, 'EPI'],
  [/\btiers ?lieux?\b|\bco ?working\b/, 'TIERS_LIEUX'],
  [/\bfab ?labs?\b/, 'FABLAB'],
  [/\bmjc\b|\bmaison des jeunes et de la culture\b/, 'MJC'],
  [/\bpimms\b|\bpoint information mediation multi services\b/, 'PIMMS'],
  [/\bcommunaute emmaus\b/, 'OACAS'],
  [/\bemmaus\b/, 'ASSO'],
  [/\bmaison de quartier\b/, 'MQ'],
  [/\bespace de vie sociale\b|\bevs\b/, 'EVS'],
  [/\bpoint information jeunesse\b|\bbureau information jeunesse\b|\bpij\b|\bbij\b/, 'PIJ_BIJ'],
  [/\bmaison departementale des solidarites\b/, 'MDS'],
  [/\bressourcerie\b/, 'RESSOURCERIE'],
  [/\bcaf\b|\bcaisse d allocations familiales\b/, 'CAF'],
  [/\bagence postale\b|\bla poste\b|\bbureau de poste\b/, 'LA_POSTE'],
  [/\bfrance travail\b|\bpole emploi\b/, 'FT'],
  [/\bcommunaute de communes\b/, 'CC'],
  [/^(?:association|asso)\b/, 'ASSO'],
];

/** Typology codes the name clearly states, in the order they appear in it; empty when none. */
export function inferTypologies(nom: string): string[] {
  const folded = foldName(nom);
  if (!folded) return [];
  const hits: Array<{ code: string; at: number }> = [];
  for (const [pattern, code] of RULES) {
    const m = pattern.exec(folded);
    if (m && !hits.some((h) => h.code === code)) hits.push({ code, at: m.index });
  }
  // « Centre social » also matches inside « centre socio culturel »: the more specific code wins.
  const codes = new Set(hits.map((h) => h.code));
  if (codes.has('CSC')) codes.delete('CS');
  if (codes.has('OACAS')) codes.delete('ASSO');
  return hits
    .filter((h) => codes.has(h.code))
    .sort((a, b) => a.at - b.at)
    .map((h) => h.code);
}
