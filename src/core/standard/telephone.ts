/** French overseas départements dial like the mainland, with their own country code. */
const NATIONAL_PREFIXES = ['33', '262', '590', '594', '596'];

/**
 * A telephone of the standard (`+33478000000`) as people read it: « 04 78 00 00 00 », « 0692 12 34 56 »;
 * other numbers as given. Links (`tel:`) keep the international form.
 */
export function formatPhone(value: string): string {
  const compact = value.replace(/[\s.-]/g, '');
  const m = /^\+(\d+)$/.exec(compact);
  if (!m) return value.trim();
  for (const prefix of NATIONAL_PREFIXES) {
    const rest = m[1]!.slice(prefix.length);
    if (m[1]!.startsWith(prefix) && rest.length === 9) {
      const national = `0${rest}`;
      return prefix === '33'
        ? national.replace(/(\d{2})(?=\d)/g, '$1 ')
        : `${national.slice(0, 4)} ${national.slice(4).replace(/(\d{2})(?=\d)/g, '$1 ')}`;
    }
  }
  return value.trim();
}
