/**
 * The drill-down France → régions → départements, as links with counts that honour the filters: the
 * keyboard and screen-reader equivalent of clicking the map, and a shareable URL at each step.
 */
import type { CountResult } from '../../core/query/index.js';
import type { Geography } from '../data/geo.js';
import { t, tn, type Lang } from '../i18n/index.js';
import type { TerritoryFocus } from '../state/url-state.js';

export interface TerritoryNavProps {
  focus: TerritoryFocus;
  geo: Geography | undefined;
  /** Counts of the level below the focus (régions for France, départements for a région). */
  counts: CountResult | undefined;
  lang: Lang;
  hrefFor: (region: string | undefined, departement?: string) => string;
}

export function territoryName(
  geo: Geography | undefined,
  level: 'region' | 'departement',
  code: string,
): string {
  const territory = level === 'region' ? geo?.regions.get(code) : geo?.departements.get(code);
  if (!territory) return code;
  return level === 'departement' ? `${territory.nom} (${code})` : territory.nom;
}

export function TerritoryNav({ focus, geo, counts, lang, hrefFor }: TerritoryNavProps) {
  const region =
    focus.region ?? (focus.departement ? geo?.departements.get(focus.departement)?.region : undefined);
  const crumbs: Array<{ label: string; href: string }> = [
    { label: t('territory.france', {}, lang), href: hrefFor(undefined) },
  ];
  if (region) crumbs.push({ label: territoryName(geo, 'region', region), href: hrefFor(region) });
  if (focus.departement)
    crumbs.push({
      label: territoryName(geo, 'departement', focus.departement),
      href: hrefFor(region, focus.departement),
    });
  const childLevel =
    focus.level === 'france' ? 'region' : focus.level === 'region' ? 'departement' : undefined;
  const children = childLevel && counts ? counts.counts : [];
  return (
    <nav class="territory" aria-label={t('territory.label', {}, lang)}>
      <ol class="breadcrumb">
        {crumbs.map((crumb, i) => (
          <li key={crumb.href}>
            {i === crumbs.length - 1 ? (
              <span aria-current="page">{crumb.label}</span>
            ) : (
              <a href={crumb.href}>{crumb.label}</a>
            )}
          </li>
        ))}
      </ol>
      {childLevel && children.length > 0 && (
        <details class="territory__children">
          <summary>
            {t(childLevel === 'region' ? 'territory.regions' : 'territory.departements', {}, lang)}
          </summary>
          <ul>
            {children
              .map((c) => ({ ...c, name: territoryName(geo, childLevel, c.code) }))
              .sort((a, b) => a.name.localeCompare(b.name, lang))
              .map((c) => (
                <li key={c.code}>
                  <a
                    href={childLevel === 'region' ? hrefFor(c.code) : hrefFor(region, c.code)}
                    data-territory={c.code}
                  >
                    {c.name}
                  </a>{' '}
                  <span class="territory__count">{tn('territory.count', c.count, {}, lang)}</span>
                </li>
              ))}
          </ul>
        </details>
      )}
    </nav>
  );
}
