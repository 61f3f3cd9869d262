/**
 * Plain server-rendered HTML: the lieu page used until (or unless) the web team's renderer in
 * `src/server/pages/` is present, and short message pages (404, 503). Readable without JavaScript or
 * CSS, accessible (landmarks, headings, lists), everything escaped.
 */
import { describeStatus, weeklySummary } from '../core/hours/index.js';
import { compileHours } from '../core/hours/index.js';
import { toLieu } from '../core/standard/model.js';
import type { LieuPageInput } from './routes/web.js';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:auto;padding:1rem;color:#1e1e1e}a{color:#000091}' +
  'dt{font-weight:600;margin-top:.6rem}dd{margin-left:0}table{border-collapse:collapse}td,th{padding:.2rem .6rem .2rem 0;text-align:left}';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><p><a href="/">Repère — lieux de médiation numérique</a></p></header>
<main id="contenu">${body}</main></body></html>
`;
}

export function renderMessagePage(title: string, text: string, links: Array<[string, string]> = []): string {
  const list = links.length
    ? `<ul>${links.map(([href, label]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>`).join('')}</ul>`
    : '';
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${list}`);
}

function safeUrl(value: string | undefined): string | undefined {
  return value && /^https?:\/\//i.test(value) ? value : undefined;
}

/** A lieu's page: identity, address, status and week, services, publics, contact, source. */
export function renderFallbackLieuPage(input: LieuPageInput): string {
  const { lieu: row, now } = input;
  const lieu = toLieu(row.record);
  const insee = lieu.code_insee;
  const compiled = lieu.horaires ? compileHours(lieu.horaires) : undefined;
  const hours = compiled?.ok ? compiled.hours : null;
  const opts = insee ? { codeInsee: insee } : undefined;
  const status = lieu.horaires && !hours ? 'Horaires à confirmer' : describeStatus(hours, now, opts);
  const week = hours
    ? `<table><caption>Horaires de la semaine</caption><tbody>${weeklySummary(hours, now, opts)
        .map(
          (d) =>
            `<tr><th scope="row">${escapeHtml(d.label)}${d.holiday ? ` (${escapeHtml(d.holiday)})` : ''}</th><td>${
              d.ranges.length
                ? d.ranges.map((r) => `${escapeHtml(r.from)}–${escapeHtml(r.to)}`).join(', ')
                : 'Fermé'
            }</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const list = (label: string, values: readonly string[] | undefined) =>
    values?.length
      ? `<dt>${escapeHtml(label)}</dt><dd><ul>${values.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul></dd>`
      : '';
  const text = (label: string, value: string | undefined) =>
    value ? `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>` : '';
  const address = [lieu.adresse, lieu.complement_adresse, `${lieu.code_postal} ${lieu.commune}`]
    .filter(Boolean)
    .map(escapeHtml)
    .join('<br>');
  const itinerary =
    lieu.latitude !== undefined && lieu.longitude !== undefined
      ? `<p><a href="https://www.openstreetmap.org/directions?to=${lieu.latitude}%2C${lieu.longitude}">Itinéraire vers ce lieu</a></p>`
      : '';
  const booking = safeUrl(lieu.prise_rdv);
  const sites = (lieu.site_web ?? []).map(safeUrl).filter((u): u is string => !!u);
  const access = safeUrl(lieu.fiche_acces_libre);
  const age = (now.getTime() - Date.parse(lieu.date_maj)) / 86_400_000;
  const body = `<article><h1>${escapeHtml(lieu.nom)}</h1>
<p><strong>${escapeHtml(status)}</strong></p>
<section aria-labelledby="adresse"><h2 id="adresse">Adresse</h2><p>${address}</p>${itinerary}</section>
${week ? `<section aria-labelledby="horaires"><h2 id="horaires">Horaires</h2>${week}</section>` : ''}
${booking ? `<p><a href="${escapeHtml(booking)}">Prendre rendez-vous en ligne</a></p>` : ''}
${lieu.presentation_resume ? `<p>${escapeHtml(lieu.presentation_resume)}</p>` : ''}
${lieu.presentation_detail ? `<p>${escapeHtml(lieu.presentation_detail)}</p>` : ''}
<section aria-labelledby="offre"><h2 id="offre">Ce que propose le lieu</h2><dl>
${list('Services', lieu.services)}${list('Publics spécifiquement adressés', lieu.publics_specifiquement_adresses)}
${list('Prise en charge spécifique', lieu.prise_en_charge_specifique)}${list('Frais à charge', lieu.frais_a_charge)}
${list("Modalités d'accès", lieu.modalites_acces)}${list("Modalités d'accompagnement", lieu.modalites_accompagnement)}
${list('Dispositifs et programmes nationaux', lieu.dispositif_programmes_nationaux)}${list('Formations et labels', lieu.formations_labels)}
${list('Itinérance', lieu.itinerance)}</dl></section>
<section aria-labelledby="contact"><h2 id="contact">Contact</h2><dl>
${text('Téléphone', lieu.telephone)}${list('Courriel', lieu.courriels)}
${sites.length ? `<dt>Site web</dt><dd>${sites.map((u) => `<a href="${escapeHtml(u)}">${escapeHtml(u)}</a>`).join('<br>')}</dd>` : ''}
${access ? `<dt>Accessibilité</dt><dd><a href="${escapeHtml(access)}">Fiche Acceslibre</a></dd>` : ''}
</dl></section>
<footer><p>Source : ${escapeHtml(lieu.source ?? row.sources.join(', '))} · mise à jour le ${escapeHtml(lieu.date_maj)}${
    age > 365 ? ' — <strong>information de plus d’un an, à vérifier auprès du lieu</strong>' : ''
  } · qualité des données : ${escapeHtml(row.quality?.score ?? 'inconnue')}</p></footer></article>`;
  return page(`${lieu.nom} — ${lieu.commune}`, body);
}
