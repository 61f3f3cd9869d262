/**
 * The interface's words: `t('key', { n })` and `tn('key', n)` (picks `.zero` / `.one` / `.other`).
 * French is the reference catalogue; English is chosen with `?lang=en` once, then remembered.
 * Enumerated values of the standard (services, publics…) stay as the standard spells them.
 */
import { en } from './en.js';
import { fr, type MessageKey } from './fr.js';

export type Lang = 'fr' | 'en';
export type { MessageKey };

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { fr, en };
const STORAGE_KEY = 'repere.lang';

let current: Lang = 'fr';

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

/** `?lang=` wins, then the remembered choice, then French. */
export function detectLang(search: string, stored: string | null): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'en' || asked === 'fr') return asked;
  return stored === 'en' ? 'en' : 'fr';
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

export function storedLang(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Number in the reader's language: « 12 345 » in French, "12,345" in English. */
export function formatNumber(n: number, lang: Lang = current): string {
  const text = String(Math.round(Math.abs(n)));
  const sep = lang === 'fr' ? '\u202f' : ',';
  const grouped = text.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return n < 0 ? `-${grouped}` : grouped;
}

export function t(
  key: MessageKey,
  params: Record<string, string | number> = {},
  lang: Lang = current,
): string {
  const text = CATALOGUES[lang][key] ?? fr[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value, lang) : value;
  });
}

/** A counted message: `base.zero` (when present and n = 0), `base.one` (0 or 1 in French, 1 in English), `base.other`. */
export function tn(
  base: string,
  n: number,
  params: Record<string, string | number> = {},
  lang: Lang = current,
): string {
  const catalogue = CATALOGUES[lang];
  const has = (key: string): key is MessageKey => key in catalogue;
  const zero = `${base}.zero`;
  const one = `${base}.one`;
  const other = `${base}.other`;
  const singular = lang === 'fr' ? n < 2 : n === 1;
  const key = n === 0 && has(zero) ? zero : singular && has(one) ? one : other;
  if (!has(key)) throw new Error(`i18n : clé « ${key} » absente.`);
  return t(key, { n, ...params }, lang);
}
