/**
 * Codes of the Code officiel géographique (COG) and postcodes: normalisation and département from the
 * code alone (no reference data needed).
 */

/**
 * Normalises a code INSEE as found in files: trims, uppercases `2a`, restores the leading zero lost by
 * spreadsheets (`1053` → `01053`). Returns undefined when it cannot be a commune code.
 */
export function normalizeCodeInsee(value: string | number | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  let code = String(value).trim().toUpperCase();
  if (/^\d{4}$/.test(code)) code = `0${code}`;
  return /^(\d{5}|2[AB]\d{3})$/.test(code) ? code : undefined;
}

/** Normalises a postcode: trims, restores a lost leading zero. Undefined when not 5 digits. */
export function normalizeCodePostal(value: string | number | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  let cp = String(value).replace(/\s+/g, '');
  if (/^\d{4}$/.test(cp)) cp = `0${cp}`;
  return /^\d{5}$/.test(cp) ? cp : undefined;
}

/**
 * Département (or collectivité d'outre-mer) of a code INSEE: `2A004` → `2A`, `97105` → `971`,
 * `97501` → `975`, `98818` → `988`, `75111` → `75`. Undefined for codes of no département
 * (`20xxx` before 1976, `99xxx` foreign countries, malformed input).
 */
export function departementOf(codeInsee: string | number | undefined | null): string | undefined {
  const code = normalizeCodeInsee(codeInsee);
  if (!code) return undefined;
  if (code.startsWith('2A') || code.startsWith('2B')) return code.slice(0, 2);
  if (/^97[1-8]/.test(code) || /^98[4-9]/.test(code)) return code.slice(0, 3);
  if (/^(0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5])/.test(code)) return code.slice(0, 2);
  return undefined;
}

/** True for départements and collectivités outside metropolitan France (971 and above). */
export function isOutreMer(departement: string): boolean {
  return departement.length === 3;
}
