/**
 * The fiche page's address: `/orientation/fiche?lieux=<id>|<id>&retour=<journey page>`. Only lieu
 * ids and the way back travel in it — never the person's first name or the note.
 */
import { FICHE_LIMITS } from '../../core/journey/index.js';

export const FICHE_PATH = '/orientation/fiche';

const ID = /^[\w.:@~-]{1,200}$/;

/** The fiche's address for these lieux, with the way back. */
export function ficheHref(ids: readonly string[], back?: string): string {
  const params = new URLSearchParams({ lieux: ids.join('|') });
  if (back) params.set('retour', back);
  return `${FICHE_PATH}?${params.toString().replace(/%7C/gi, '|')}`;
}

export interface FicheParams {
  /** Valid ids, in order, without duplicates. */
  ids: string[];
  /** Where « retour » leads: a journey page only (never another site). */
  back?: string;
  /** Ids that could not be read. */
  invalid: string[];
  /** More lieux than a fiche holds. */
  tooMany: boolean;
}

export function parseFicheParams(search: string): FicheParams {
  const params = new URLSearchParams(search);
  const ids: string[] = [];
  const invalid: string[] = [];
  for (const value of params.getAll('lieux').flatMap((v) => v.split('|'))) {
    const id = value.trim();
    if (!id) continue;
    if (!ID.test(id)) invalid.push(id);
    else if (!ids.includes(id)) ids.push(id);
  }
  const back = params.get('retour') ?? undefined;
  return {
    ids,
    invalid,
    tooMany: ids.length > FICHE_LIMITS.lieux,
    ...(back && /^\/orientation\/[a-z-]+(\?|$)/.test(back) ? { back } : {}),
  };
}
