/**
 * `/orientation/fiche?lieux=<id>|<id>`: the fiche d'orientation. The prescriber adds (optionally) the
 * person's first name, a note, their own name and structure; the page shows the fiche as it will be
 * printed (print stylesheet) and makes the PDF in the browser. The first name and the note never
 * leave the page; the prescriber's name and structure are kept on this device only if asked.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  FICHE_LIMITS,
  FicheError,
  buildFiche,
  lieuPageUrl,
  lieuShareTexts,
  selectionShareTexts,
  type FicheDocument,
  type FicheLieuInput,
} from '../../core/journey/index.js';
import { t, type Lang } from '../i18n/index.js';
import { loadLieux } from '../journey/data.js';
import type { Location } from '../router.js';
import { qrSvg } from './qr.js';
import { parseFicheParams } from './links.js';
import { ShareTools } from './ShareTools.js';
import './fiche.css';
import { Icon } from '../journey/icons.js';

const PRESCRIBER_KEY = 'repere.prescripteur';

interface Prescriber {
  name: string;
  structure: string;
}

function readPrescriber(): Prescriber | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(PRESCRIBER_KEY) ?? 'null') as Partial<Prescriber> | null;
    if (!value) return undefined;
    return { name: String(value.name ?? ''), structure: String(value.structure ?? '') };
  } catch {
    return undefined;
  }
}

function writePrescriber(value: Prescriber | undefined): void {
  try {
    if (value) localStorage.setItem(PRESCRIBER_KEY, JSON.stringify(value));
    else localStorage.removeItem(PRESCRIBER_KEY);
  } catch {
    // Storage disabled: nothing is remembered, which is fine.
  }
}

export function FichePage({ location, lang }: { location: Location; lang: Lang }) {
  const params = useMemo(() => parseFicheParams(location.search), [location.search]);
  const [lieux, setLieux] = useState<FicheLieuInput[]>();
  const [loadError, setLoadError] = useState<string>();
  const stored = useMemo(readPrescriber, []);
  const [firstName, setFirstName] = useState('');
  const [note, setNote] = useState('');
  const [name, setName] = useState(stored?.name ?? '');
  const [structure, setStructure] = useState(stored?.structure ?? '');
  const [remember, setRemember] = useState(Boolean(stored));
  const [pdfStatus, setPdfStatus] = useState('');
  const [date] = useState(() => new Date());

  useEffect(() => {
    document.title = t('fiche.docTitle', {}, lang);
    document.documentElement.classList.add('fiche-print');
    return () => document.documentElement.classList.remove('fiche-print');
  }, [lang]);

  useEffect(() => {
    if (!params.ids.length || params.tooMany) return;
    const controller = new AbortController();
    setLieux(undefined);
    setLoadError(undefined);
    loadLieux(params.ids, controller.signal).then(setLieux, (error: Error) => {
      if (error.name !== 'AbortError') setLoadError(error.message);
    });
    return () => controller.abort();
  }, [params.ids.join('|')]);

  useEffect(() => {
    writePrescriber(remember ? { name, structure } : undefined);
  }, [remember, name, structure]);

  const origin = window.location.origin;
  let fiche: FicheDocument | undefined;
  let ficheError: string | undefined;
  if (lieux) {
    try {
      fiche = buildFiche(lieux, {
        origin,
        date,
        personFirstName: firstName,
        note,
        prescriberName: name,
        prescriberStructure: structure,
        lang,
      });
    } catch (error) {
      if (!(error instanceof FicheError)) throw error;
      ficheError = error.message;
    }
  }

  const download = async () => {
    if (!fiche) return;
    setPdfStatus(t('fiche.pdfPreparing', {}, lang));
    try {
      const { renderFichePdf, fichePdfFileName } = await import('./pdf.js');
      const bytes = await renderFichePdf(fiche, { creationDate: date });
      const blob = new Blob([bytes as BlobPart], { type: 'application/pdf' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fichePdfFileName(fiche, date);
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setPdfStatus(t('fiche.pdfReady', { file: link.download }, lang));
    } catch (error) {
      setPdfStatus(t('fiche.pdfError', { detail: (error as Error).message }, lang));
    }
  };

  const problem =
    params.ids.length === 0
      ? t('fiche.noPlace', {}, lang)
      : params.tooMany
        ? t('fiche.tooMany', { n: FICHE_LIMITS.lieux }, lang)
        : (loadError ?? ficheError);
  const shareTexts =
    lieux && lieux.length === 1
      ? lieuShareTexts(lieux[0]!, origin, lang)
      : lieux
        ? selectionShareTexts(lieux, origin, window.location.href, lang)
        : undefined;
  const shareUrl = lieux && lieux.length === 1 ? lieuPageUrl(origin, lieux[0]!.id) : window.location.href;

  return (
    <div class="fiche-page">
      <p class="fiche-page__back no-print">
        {params.back || params.ids.length !== 1 ? (
          <a href={params.back ?? '/orientation'}>
            <span aria-hidden="true">← </span>
            {params.back ? t('fiche.backResults', {}, lang) : t('fiche.findPlaces', {}, lang)}
          </a>
        ) : (
          <a href={`/lieux/${encodeURIComponent(params.ids[0]!)}`}>
            <span aria-hidden="true">← </span>
            {t('fiche.backLieu', {}, lang)}
          </a>
        )}
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('fiche.title', {}, lang)}
      </h1>
      {params.invalid.length > 0 && (
        <p class="notice notice--warning no-print">
          {t('fiche.invalidIds', { list: params.invalid.join(', ') }, lang)}
        </p>
      )}
      {problem && (
        <p class="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {!problem && !lieux && <p role="status">{t('explore.loading', {}, lang)}</p>}

      {fiche && (
        <>
          <form
            class="fiche-form no-print"
            onSubmit={(e) => e.preventDefault()}
            aria-labelledby="fiche-form-titre"
          >
            <h2 id="fiche-form-titre">{t('fiche.form.title', {}, lang)}</h2>
            <p class="hint">
              <Icon name="lock" /> {t('fiche.form.private', {}, lang)}
            </p>
            <p class="field">
              <label for="fiche-prenom">{t('fiche.form.firstName', {}, lang)}</label>
              <input
                id="fiche-prenom"
                type="text"
                autoComplete="off"
                maxLength={FICHE_LIMITS.firstName}
                value={firstName}
                onInput={(e) => setFirstName((e.currentTarget as HTMLInputElement).value)}
              />
            </p>
            <p class="field">
              <label for="fiche-note">{t('fiche.form.note', {}, lang)}</label>
              <span class="hint" id="fiche-note-hint">
                {t('fiche.form.noteHint', { n: FICHE_LIMITS.note }, lang)}
              </span>
              <textarea
                id="fiche-note"
                rows={3}
                maxLength={FICHE_LIMITS.note}
                aria-describedby="fiche-note-hint"
                value={note}
                onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
              />
            </p>
            <fieldset>
              <legend>{t('fiche.form.you', {}, lang)}</legend>
              <p class="field">
                <label for="fiche-nom">{t('fiche.form.name', {}, lang)}</label>
                <input
                  id="fiche-nom"
                  type="text"
                  autoComplete="name"
                  maxLength={FICHE_LIMITS.prescriberName}
                  value={name}
                  onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
                />
              </p>
              <p class="field">
                <label for="fiche-structure">{t('fiche.form.structure', {}, lang)}</label>
                <input
                  id="fiche-structure"
                  type="text"
                  autoComplete="organization"
                  maxLength={FICHE_LIMITS.prescriberStructure}
                  value={structure}
                  onInput={(e) => setStructure((e.currentTarget as HTMLInputElement).value)}
                />
              </p>
              <label class="check" for="fiche-memoriser">
                <input
                  id="fiche-memoriser"
                  type="checkbox"
                  checked={remember}
                  onChange={(e) => setRemember((e.currentTarget as HTMLInputElement).checked)}
                />
                <span>
                  {t('fiche.form.remember', {}, lang)}
                  <span class="check__hint">{t('fiche.form.rememberHint', {}, lang)}</span>
                </span>
              </label>
            </fieldset>
          </form>

          <div class="fiche-actions no-print">
            <button type="button" class="button" onClick={() => window.print()}>
              <Icon name="print" /> {t('fiche.print', {}, lang)}
            </button>
            <button type="button" class="button" data-action="pdf" onClick={() => void download()}>
              <Icon name="download" /> {t('fiche.pdf', {}, lang)}
            </button>
            <p role="status" aria-live="polite" class="fiche-actions__status">
              {pdfStatus}
            </p>
            {shareTexts && (
              <details class="journey-share">
                <summary>{t('share.share', {}, lang)}</summary>
                <ShareTools id="partage-fiche" texts={shareTexts} url={shareUrl} lang={lang} />
              </details>
            )}
          </div>

          <FicheView fiche={fiche} />
        </>
      )}
    </div>
  );
}

/** The fiche as printed: same content as the PDF. */
export function FicheView({ fiche }: { fiche: FicheDocument }) {
  const lang = fiche.lang;
  return (
    <article class="fiche" aria-label={t('fiche.preview', {}, lang)}>
      <header class="fiche__head">
        <p class="fiche__date">{fiche.dateText}</p>
        {fiche.forPerson && <p class="fiche__person">{fiche.forPerson}</p>}
        {fiche.note && (
          <div class="fiche__note">
            <p class="fiche__label">{t('fiche.note', {}, lang)}</p>
            {fiche.note.split('\n').map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </div>
        )}
        {fiche.prescriber && <p class="fiche__prescriber">{fiche.prescriber}</p>}
      </header>
      {fiche.lieux.map((lieu, i) => (
        <section class="fiche__lieu" key={lieu.id} aria-labelledby={`fiche-lieu-${i}`}>
          <div class="fiche__qr">
            <div
              dangerouslySetInnerHTML={{
                __html: qrSvg(lieu.url, t('fiche.qrAlt', { name: lieu.nom }, lang)),
              }}
            />
            <p>{t('fiche.scan', {}, lang)}</p>
          </div>
          {fiche.lieux.length > 1 && (
            <p class="fiche__index">{t('fiche.index', { i: i + 1, n: fiche.lieux.length }, lang)}</p>
          )}
          <h2 id={`fiche-lieu-${i}`}>{lieu.nom}</h2>
          <h3>{t('fiche.address', {}, lang)}</h3>
          {lieu.addressLines.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {lieu.directions.map((line) => (
            <p key={line} class="fiche__muted">
              {line}
            </p>
          ))}
          <p class="fiche__url">
            {t('fiche.page', {}, lang)}
            <a href={lieu.url}>{lieu.url}</a>
          </p>
          <h3>{t('fiche.hours', {}, lang)}</h3>
          {lieu.hours && (
            <table class="fiche__hours">
              <caption class="visually-hidden">{t('fiche.hoursCaption', { name: lieu.nom }, lang)}</caption>
              <tbody>
                {lieu.hours.map((d) => (
                  <tr key={d.day}>
                    <th scope="row">{d.day}</th>
                    <td>{d.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="fiche__muted">{lieu.hoursNote}</p>
          <h3>{t('fiche.howToGo', {}, lang)}</h3>
          <ul>
            {lieu.howToGo.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <h3>{t('fiche.contact', {}, lang)}</h3>
          {lieu.contact.length ? (
            <ul class="fiche__contact">
              {lieu.contact.map((c) => (
                <li key={c.label + c.value}>
                  {t('fiche.contactLine', { label: c.label }, lang)}
                  {c.href ? <a href={c.href}>{c.value}</a> : c.value}
                </li>
              ))}
            </ul>
          ) : (
            <p class="fiche__muted">{t('fiche.noContact', {}, lang)}</p>
          )}
          {(lieu.services.length > 0 || lieu.fees) && (
            <>
              <h3>{t('fiche.services', {}, lang)}</h3>
              {lieu.services.length > 0 && <p>{lieu.services.join(' · ')}</p>}
              {lieu.fees && <p>{t('fiche.fees', { fees: lieu.fees }, lang)}</p>}
            </>
          )}
        </section>
      ))}
      <footer class="fiche__privacy">
        <p>{fiche.privacy}</p>
      </footer>
    </article>
  );
}
