/**
 * E-mail addresses and web links as the schema wants them: `|`-separated, trimmed, e-mails in lower
 * case without `mailto:`, links with their scheme. What cannot be an address is dropped and reported.
 */
import { isEmail, isHttpUrl } from '../../core/standard/checks.js';

export interface ListCleanup {
  kept: string[];
  /** Items that are not valid and were dropped. */
  dropped: string[];
  /** Items that were rewritten (before → after). */
  rewritten: Array<[string, string]>;
  duplicates: string[];
}

function dedupe(items: string[], out: ListCleanup): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const item of items) {
    const key = item.toLowerCase();
    if (seen.has(key)) out.duplicates.push(item);
    else {
      seen.add(key);
      kept.push(item);
    }
  }
  return kept;
}

/** Splits and cleans a `courriels` cell. */
export function cleanEmails(value: string): ListCleanup {
  const out: ListCleanup = { kept: [], dropped: [], rewritten: [], duplicates: [] };
  // « contact @ mairie.fr »: spaces around @ are typing, not separators.
  const text = value.replace(/\s*@\s*/g, '@');
  const items: string[] = [];
  for (const raw of text.split(/[|;,\s]+/)) {
    if (!raw) continue;
    const cleaned = raw
      .replace(/^mailto:/i, '')
      .replace(/^[<("'[]+|[>)"'\].;:]+$/g, '')
      .toLowerCase();
    if (cleaned !== raw) out.rewritten.push([raw, cleaned]);
    if (isEmail(cleaned)) items.push(cleaned);
    else out.dropped.push(raw);
  }
  out.kept = dedupe(items, out);
  return out;
}

/**
 * Cleans one link: scheme added when missing (`https://`), « http:/ » and « https// » typos fixed,
 * trailing punctuation removed. Undefined when it is not a web address.
 */
export function cleanUrl(raw: string): string | undefined {
  let t = raw.trim().replace(/^[<("']+|[>)"',;]+$/g, '');
  if (!t) return undefined;
  t = t.replace(/^(https?)(?::\/?|\/\/?)(?!\/)/i, '$1://').replace(/^(https?):\/\/\/+/i, '$1://');
  if (/^https?:\/\//i.test(t)) {
    t = t.replace(/^https?/i, (s) => s.toLowerCase());
    return isHttpUrl(t) ? t : undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(t) && !/^[^:/]+:\d/.test(t)) return undefined; // ftp:, javascript:…
  const withScheme = `https://${t.replace(/^\/+/, '')}`;
  return isHttpUrl(withScheme) ? withScheme : undefined;
}

/** Splits and cleans a `site_web` cell (also `|`, `;`, spaces, or a comma before the next link). */
export function cleanUrls(value: string): ListCleanup {
  const out: ListCleanup = { kept: [], dropped: [], rewritten: [], duplicates: [] };
  const items: string[] = [];
  const parts = value.split(/\s*[|;]\s*|\s+|,\s*(?=(?:https?:|www\.))/i);
  for (const raw of parts) {
    if (!raw || /^,+$/.test(raw)) continue;
    const cleaned = cleanUrl(raw);
    if (cleaned === undefined) out.dropped.push(raw);
    else {
      if (cleaned !== raw) out.rewritten.push([raw, cleaned]);
      items.push(cleaned);
    }
  }
  out.kept = dedupe(items, out);
  return out;
}
