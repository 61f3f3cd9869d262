/**
 * The lieu page (`GET /lieux/:id`), rendered on the server: everything the standard holds about a
 * lieu, readable without JavaScript, printable, indexable, shareable. Pure string building over the
 * dataset row; the clock is passed in (open status and "this week" are computed at `now`).
 */
import {
  compileHours,
  describeStatus,
  isoDate,
  localTime,
  nextChange,
  timeZoneForInsee,
  weeklySummary,
} from '../../core/hours/index.js';
import { FRENCH_MONTHS } from '../../core/hours/index.js';
import type { CompiledHours } from '../../core/hours/index.js';
import { TYPOLOGIES } from '../../core/standard/enums.js';
import { splitList } from '../../core/standard/model.js';
import type { DatasetLieuRow } from '../../store/index.js';
import { escapeHtml as e, formatPhone, lieuPageAssets, pageShell, safeHttpUrl } from './html.js';

export interface LieuPageInput {
  lieu: DatasetLieuRow;
  /** The instant of « ouvert maintenant » and of « cette semaine ». */
  now: Date;
  /** Base of absolute links (canonical URL), without trailing slash; empty for relative links. */
  publicUrl: string;
  /** Dataset version (shown in the sources section). */
  version?: number;
  /** The lieu's territory as the server resolved it: links back to the map of that territory. */
  territory?: { departement?: string; region?: string; epci?: string } | undefined;
  /** Built front end (`dist/web`): its manifest gives the page's script (offline support). */
  webDir?: string | undefined;
  /**
   * Where « Signaler une erreur » sends people: a URL where `{id}` is replaced by the lieu's id
   * (e.g. a form of the local version). Without it, the entry point explains whom to contact.
   */
  reportUrl?: string;
  mapStyleUrl?: string | undefined;
}

/** Services of the standard grouped by what people come for. */
export const SERVICE_GROUPS: ReadonlyArray<{ title: string; services: readonly string[] }> = [
  { title: 'Démarches en ligne', services: ['Aide aux démarches administratives'] },
  {
    title: 'Apprendre et comprendre le numérique',
    services: [
      'Maîtrise des outils numériques du quotidien',
      'Utilisation sécurisée du numérique',
      'Compréhension du monde numérique',
      'Parentalité et éducation avec le numérique',
      'Loisirs et créations numériques',
    ],
  },
  { title: 'Emploi et formation', services: ['Insertion professionnelle via le numérique'] },
  {
    title: 'Équipement et connexion',
    services: [
      'Accès internet et matériel informatique',
      'Acquisition de matériel informatique à prix solidaire',
    ],
  },
];

/** « 12 mars 2024 » from `2024-03-12`; the text itself when it is not a date. */
export function frenchDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const month = FRENCH_MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])}${m[3] === '01' ? 'er' : ''} ${month} ${m[1]}` : iso;
}

/** Days between `date_maj` and `now` (negative in the future); undefined when unreadable. */
export function ageInDays(dateMaj: string | undefined, now: Date): number | undefined {
  if (!dateMaj || !/^\d{4}-\d{2}-\d{2}/.test(dateMaj)) return undefined;
  const time = Date.parse(`${dateMaj.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(time) ? undefined : Math.floor((now.getTime() - time) / 86_400_000);
}

function list(values: readonly string[]): string {
  return `<ul>${values.map((v) => `<li>${e(v)}</li>`).join('')}</ul>`;
}

function definition(term: string, values: readonly string[]): string {
  return values.length ? `<dt>${e(term)}</dt><dd>${list(values)}</dd>` : '';
}

function paragraphs(text: string | undefined): string {
  if (!text?.trim()) return '';
  return text
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${e(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}

function hoursSection(
  record: Record<string, string>,
  hours: CompiledHours | null | undefined,
  now: Date,
): string {
  const opts = record.code_insee ? { codeInsee: record.code_insee } : undefined;
  let body: string;
  if (hours === undefined) body = '<p>Horaires non renseignés : appelez le lieu avant de vous déplacer.</p>';
  else if (hours === null) {
    body = `<p>Les horaires n’ont pas pu être lus, les voici tels que transmis (à confirmer auprès du lieu) :</p><p><code>${e(record.horaires)}</code></p>`;
  } else {
    const days = weeklySummary(hours, now, opts);
    // Today on the lieu's own clock (Paris, or overseas).
    const today = isoDate(localTime(now, timeZoneForInsee(opts?.codeInsee)).dayNumber);
    const rows = days
      .map((d) => {
        const ranges = d.ranges.map((r) => `${e(r.from)} – ${e(r.to)}`);
        const uncertain = (d.uncertain ?? []).map((r) => `${e(r.from)} – ${e(r.to)} (à confirmer)`);
        const cell = [...ranges, ...uncertain].join(', ') || 'Fermé';
        const comment = d.comment ? ` <span class="muted">(${e(d.comment)})</span>` : '';
        const holiday = d.holiday ? ` <span class="muted">— ${e(d.holiday)}, jour férié</span>` : '';
        const isToday = d.date === today;
        return `<tr${isToday ? ' aria-current="date"' : ''}><th scope="row">${e(d.label)}${
          d.date ? ` <span class="muted">${e(frenchDate(d.date).replace(/ \d{4}$/, ''))}</span>` : ''
        }${isToday ? '<span class="today">aujourd’hui</span>' : ''}</th><td>${cell}${comment}${holiday}</td></tr>`;
      })
      .join('');
    body = `<table><caption>Horaires de cette semaine</caption><thead><tr><th scope="col">Jour</th><th scope="col">Horaires</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  return `<section aria-labelledby="horaires"><h2 id="horaires">Horaires</h2>${body}</section>`;
}

function qualitySection(row: DatasetLieuRow): string {
  const score = row.quality?.score;
  if (typeof score !== 'number' || !Number.isFinite(score)) return '';
  const details = (row.quality.details ?? {}) as Record<
    string,
    { missing?: unknown; note?: unknown } | undefined
  >;
  const missing = Object.values(details)
    .filter((d) => d && d.missing === true && typeof d.note === 'string')
    .map((d) => String(d!.note));
  return `<p>Qualité des informations : <strong>${e(Math.round(score))} / 100</strong> <span class="muted">(complétude, fraîcheur et cohérence de la fiche)</span></p>${
    missing.length ? `<details><summary>Ce qui manque à cette fiche</summary>${list(missing)}</details>` : ''
  }`;
}

function reportSection(input: LieuPageInput, record: Record<string, string>, source: string): string {
  const id = input.lieu.id;
  const target = input.reportUrl
    ? (safeHttpUrl(input.reportUrl.replace('{id}', encodeURIComponent(id))) ??
      (input.reportUrl.startsWith('/') ? input.reportUrl.replace('{id}', encodeURIComponent(id)) : undefined))
    : undefined;
  const contact = record.telephone
    ? ` Vous pouvez aussi appeler le lieu au <a href="tel:${e(record.telephone.replace(/[^\d+]/g, ''))}">${e(formatPhone(record.telephone))}</a>.`
    : '';
  const action = target
    ? `<p><a class="button button--secondary" href="${e(target)}">Signaler une erreur sur cette fiche</a></p>`
    : `<p>Ces informations sont publiées par <strong>${e(source)}</strong>. Pour corriger la fiche, contactez ce producteur de données en citant l’identifiant <code>${e(id)}</code>.${contact}</p>`;
  return `<section aria-labelledby="signaler"><h2 id="signaler">Signaler une erreur</h2><p>Une information est fausse ou manque (horaires, adresse, services) ?</p>${action}</section>`;
}

function statusClass(
  hours: CompiledHours | null | undefined,
  now: Date,
  codeInsee: string | undefined,
): string {
  if (!hours) return 'unknown';
  const change = nextChange(hours, now, codeInsee ? { codeInsee } : undefined);
  return change.state === 'unknown' ? 'unknown' : change.open ? 'open' : 'closed';
}

/**
 * The page's HTML. Everything from the producer is escaped; links are kept only when http(s).
 * Signature: `renderLieuPage({ lieu, now, publicUrl, territory?, webDir?, reportUrl? }): string`.
 */
export function renderLieuPage(input: LieuPageInput): string {
  const { lieu: row, now } = input;
  const r = row.record;
  const name = r.nom?.trim() || row.id;
  const compiled = r.horaires ? compileHours(r.horaires) : undefined;
  const hours = compiled === undefined ? undefined : compiled.ok ? compiled.hours : null;
  const codeInsee = r.code_insee || undefined;
  const status =
    hours === null
      ? 'Horaires à confirmer'
      : describeStatus(hours ?? null, now, codeInsee ? { codeInsee } : undefined);
  const lat = Number(r.latitude);
  const lon = Number(r.longitude);
  const hasPosition = Boolean(r.latitude && r.longitude) && Number.isFinite(lat) && Number.isFinite(lon);
  const town = [r.code_postal, r.commune].filter(Boolean).join(' ');
  const addressLines = [r.adresse, r.complement_adresse, town].filter((v) => v && v.trim());
  const addressText = [r.adresse, town].filter(Boolean).join(', ');
  const itinerary = hasPosition
    ? `https://www.openstreetmap.org/directions?to=${lat}%2C${lon}`
    : `https://www.openstreetmap.org/search?query=${encodeURIComponent(addressText)}`;
  const mapLink = hasPosition
    ? `/carte?lieu=${encodeURIComponent(row.id)}&zoom=15&centre=${lat},${lon}`
    : `/carte?lieu=${encodeURIComponent(row.id)}`;
  const booking = safeHttpUrl(r.prise_rdv);
  const sites = splitList(r.site_web)
    .map(safeHttpUrl)
    .filter((u): u is string => Boolean(u));
  const emails = splitList(r.courriels).filter((m) => /^[^\s@<>"]+@[^\s@<>"]+$/.test(m));
  const acceslibre = safeHttpUrl(r.fiche_acces_libre);
  const phone = r.telephone?.trim();
  const phoneText = phone ? formatPhone(phone) : '';
  const typologies = splitList(r.typologie).map(
    (code) => (TYPOLOGIES as Record<string, string>)[code] ?? code,
  );
  const itinerant = splitList(r.itinerance).includes('Itinérant');
  const services = splitList(r.services);
  const source = r.source?.trim() || row.sources.join(', ') || 'source inconnue';
  const age = ageInDays(r.date_maj, now);

  const territoryLink = (() => {
    const t = input.territory;
    if (!t?.departement) return '';
    const params = new URLSearchParams();
    if (t.region) params.set('regions', t.region);
    params.set('departements', t.departement);
    return `<li><a href="/carte?${e(params.toString())}">Lieux du département (${e(t.departement)})</a></li>`;
  })();

  const grouped = SERVICE_GROUPS.map((group) => ({
    title: group.title,
    values: group.services.filter((s) => services.includes(s)),
  })).filter((g) => g.values.length);
  const ungrouped = services.filter((s) => !SERVICE_GROUPS.some((g) => g.services.includes(s)));
  const servicesHtml = services.length
    ? `${grouped.map((g) => `<h3>${e(g.title)}</h3>${list(g.values)}`).join('')}${ungrouped.length ? `<h3>Autres</h3>${list(ungrouped)}` : ''}`
    : '<p>Services non précisés : renseignez-vous auprès du lieu.</p>';

  const formations = [
    ...splitList(r.formations_labels),
    ...(r.autres_formations_labels?.trim() ? [r.autres_formations_labels.trim()] : []),
  ];

  const body = `<nav class="breadcrumb" aria-label="Fil d’Ariane"><ol><li><a href="/">Accueil</a></li><li><a href="/carte">Carte des lieux</a></li>${territoryLink}<li><span aria-current="page">${e(name)}</span></li></ol></nav>
<article aria-labelledby="nom">
<h1 id="nom">${e(name)}</h1>
${typologies.length ? `<p class="typologie">${typologies.map(e).join(' · ')}${itinerant ? ' · <strong>Lieu itinérant</strong>' : ''}</p>` : itinerant ? '<p class="typologie"><strong>Lieu itinérant</strong></p>' : ''}
<p class="status status--${statusClass(hours, now, codeInsee)}" id="statut">${e(status)}</p>
${r.presentation_resume?.trim() ? `<p>${e(r.presentation_resume.trim())}</p>` : ''}
<ul class="actions">
${booking ? `<li><a class="button" href="${e(booking)}" rel="noopener">Prendre rendez-vous en ligne</a></li>` : ''}
${phone ? `<li><a class="button${booking ? ' button--secondary' : ''}" href="tel:${e(phone.replace(/[^\d+]/g, ''))}">Appeler le ${e(phoneText)}</a></li>` : ''}
<li><a class="button button--secondary" href="${e(itinerary)}" rel="noopener">Itinéraire</a></li>
<li><a class="button button--secondary" href="${e(mapLink)}">Voir sur la carte</a></li>
<li><a class="button button--secondary" href="/orientation/fiche?lieux=${e(encodeURIComponent(row.id))}">Orienter une personne : fiche à imprimer, e-mail, SMS</a></li>
</ul>

<section aria-labelledby="adresse"><h2 id="adresse">Adresse</h2>
<p>${addressLines.map((l) => e(l!.trim())).join('<br>')}</p>
${itinerant ? '<p>Ce lieu est itinérant (bus, permanences) : l’adresse est celle de son point de rattachement. Vérifiez ses passages avant de vous déplacer.</p>' : ''}
<p><a href="${e(itinerary)}" rel="noopener">Itinéraire vers ce lieu (OpenStreetMap)</a></p>
</section>

${hoursSection(r, hours, now)}

<section aria-labelledby="services"><h2 id="services">Services proposés</h2>${servicesHtml}</section>

<section aria-labelledby="conditions"><h2 id="conditions">Pour qui et comment</h2><dl>
${definition('Publics spécifiquement accueillis', splitList(r.publics_specifiquement_adresses))}
${definition('Prise en charge spécifique', splitList(r.prise_en_charge_specifique))}
${definition('Modalités d’accès', splitList(r.modalites_acces))}
${definition('Modalités d’accompagnement', splitList(r.modalites_accompagnement))}
${definition('Frais à charge', splitList(r.frais_a_charge))}
${definition('Itinérance', splitList(r.itinerance))}
</dl>${
    [
      r.publics_specifiquement_adresses,
      r.prise_en_charge_specifique,
      r.modalites_acces,
      r.modalites_accompagnement,
      r.frais_a_charge,
      r.itinerance,
    ].some((v) => v?.trim())
      ? ''
      : '<p>Non précisé : renseignez-vous auprès du lieu.</p>'
  }</section>

${
  splitList(r.dispositif_programmes_nationaux).length || formations.length || r.structure_parente?.trim()
    ? `<section aria-labelledby="dispositifs"><h2 id="dispositifs">Dispositifs et labels</h2><dl>${definition('Dispositifs et programmes nationaux', splitList(r.dispositif_programmes_nationaux))}${definition('Formations et labels', formations)}${r.structure_parente?.trim() ? `<dt>Structure parente</dt><dd>${e(r.structure_parente.trim())}</dd>` : ''}</dl></section>`
    : ''
}

${r.presentation_detail?.trim() ? `<section aria-labelledby="description"><h2 id="description">Description</h2>${paragraphs(r.presentation_detail)}</section>` : ''}

<section aria-labelledby="contact"><h2 id="contact">Contact</h2>${
    phone || emails.length || sites.length || booking
      ? `<dl>${phone ? `<dt>Téléphone</dt><dd><a href="tel:${e(phone.replace(/[^\d+]/g, ''))}">${e(phoneText)}</a></dd>` : ''}${
          emails.length
            ? `<dt>Courriel</dt><dd>${emails.map((m) => `<a href="mailto:${e(m)}">${e(m)}</a>`).join('<br>')}</dd>`
            : ''
        }${sites.length ? `<dt>Site web</dt><dd>${sites.map((u) => `<a href="${e(u)}" rel="noopener">${e(u)}</a>`).join('<br>')}</dd>` : ''}${
          booking
            ? `<dt>Rendez-vous</dt><dd><a href="${e(booking)}" rel="noopener">Prendre rendez-vous en ligne</a></dd>`
            : ''
        }</dl>`
      : '<p>Aucun moyen de contact renseigné.</p>'
  }</section>

<section aria-labelledby="accessibilite"><h2 id="accessibilite">Accessibilité du lieu</h2>${
    acceslibre
      ? `<p><a href="${e(acceslibre)}" rel="noopener">Voir les informations d’accessibilité du lieu sur Acceslibre</a> (entrée, stationnement, accueil).</p>`
      : '<p>Les informations d’accessibilité (entrée, marches, accueil) ne sont pas renseignées : appelez le lieu pour vous en assurer.</p>'
  }</section>

<section aria-labelledby="source"><h2 id="source">Source des informations</h2>
<p>Source : <strong>${e(source)}</strong>${r.date_maj ? ` · mise à jour le <time datetime="${e(r.date_maj)}">${e(frenchDate(r.date_maj))}</time>` : ''}.</p>
${age !== undefined && age > 365 ? '<p class="warning" role="note"><strong>Attention :</strong> ces informations ont plus d’un an. Vérifiez-les auprès du lieu avant de vous déplacer.</p>' : ''}
${qualitySection(row)}
<p class="muted">Identifiant : <code>${e(row.id)}</code>${r.pivot?.trim() ? ` · SIRET/RNA : <code>${e(r.pivot)}</code>` : ''}${input.version !== undefined ? ` · version des données ${e(input.version)}` : ''}</p>
</section>

${reportSection(input, r, source)}
</article>`;

  const description =
    r.presentation_resume?.trim() ||
    `${name} : lieu de médiation numérique${town ? ` à ${town}` : ''}. Horaires, services, contact.`;
  return pageShell({
    title: `${name}${r.commune ? ` — ${r.commune}` : ''} — Repère`,
    description: description.slice(0, 300),
    ...(input.publicUrl ? { canonical: `${input.publicUrl}/lieux/${encodeURIComponent(row.id)}` } : {}),
    assets: lieuPageAssets(input.webDir),
    body,
  });
}
