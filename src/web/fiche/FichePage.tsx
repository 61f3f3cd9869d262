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
import type { Lang } from '../i18n/index.js';
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

export function FichePage({ location }: { location: Location; lang: Lang }) {
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
    document.title = 'Fiche d’orientation — Repère';
    document.documentElement.classList.add('fiche-print');
    return () => document.documentElement.classList.remove('fiche-print');
  }, []);

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
      });
    } catch (error) {
      if (!(error instanceof FicheError)) throw error;
      ficheError = error.message;
    }
  }

  const download = async () => {
    if (!fiche) return;
    setPdfStatus('Préparation du PDF…');
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
      setPdfStatus(`PDF prêt : ${link.download}.`);
    } catch (error) {
      setPdfStatus(
        `Le PDF n’a pas pu être préparé (${(error as Error).message}). Utilisez « Imprimer » puis « Enregistrer en PDF ».`,
      );
    }
  };

  const problem =
    params.ids.length === 0
      ? 'Aucun lieu choisi. Revenez aux résultats et cochez un ou plusieurs lieux.'
      : params.tooMany
        ? `Une fiche contient au plus ${FICHE_LIMITS.lieux} lieux : revenez aux résultats et décochez-en quelques-uns.`
        : (loadError ?? ficheError);
  const shareTexts =
    lieux && lieux.length === 1
      ? lieuShareTexts(lieux[0]!, origin)
      : lieux
        ? selectionShareTexts(lieux, origin, window.location.href)
        : undefined;
  const shareUrl = lieux && lieux.length === 1 ? lieuPageUrl(origin, lieux[0]!.id) : window.location.href;

  return (
    <div class="fiche-page">
      <p class="fiche-page__back no-print">
        {params.back || params.ids.length !== 1 ? (
          <a href={params.back ?? '/orientation'}>
            <span aria-hidden="true">← </span>
            {params.back ? 'Retour aux résultats' : 'Trouver des lieux'}
          </a>
        ) : (
          <a href={`/lieux/${encodeURIComponent(params.ids[0]!)}`}>
            <span aria-hidden="true">← </span>Retour à la page du lieu
          </a>
        )}
      </p>
      <h1 id="page-title" tabIndex={-1}>
        Fiche d’orientation
      </h1>
      {params.invalid.length > 0 && (
        <p class="notice notice--warning no-print">
          Identifiants de lieu illisibles, ignorés : {params.invalid.join(', ')}.
        </p>
      )}
      {problem && (
        <p class="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {!problem && !lieux && <p role="status">Chargement des lieux…</p>}

      {fiche && (
        <>
          <form
            class="fiche-form no-print"
            onSubmit={(e) => e.preventDefault()}
            aria-labelledby="fiche-form-titre"
          >
            <h2 id="fiche-form-titre">Compléter la fiche (facultatif)</h2>
            <p class="hint">
              <Icon name="lock" /> Ces informations restent sur cet appareil : elles ne sont envoyées à aucun
              serveur.
            </p>
            <p class="field">
              <label for="fiche-prenom">Prénom de la personne</label>
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
              <label for="fiche-note">Note pour la personne</label>
              <span class="hint" id="fiche-note-hint">
                Par exemple : documents à apporter. {FICHE_LIMITS.note} caractères au plus.
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
              <legend>Vous, qui orientez</legend>
              <p class="field">
                <label for="fiche-nom">Votre nom</label>
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
                <label for="fiche-structure">Votre structure</label>
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
                  Se souvenir de mon nom et de ma structure sur cet appareil
                  <span class="check__hint">
                    Jamais le prénom ni la note de la personne. Décochez pour les effacer.
                  </span>
                </span>
              </label>
            </fieldset>
          </form>

          <div class="fiche-actions no-print">
            <button type="button" class="button" onClick={() => window.print()}>
              <Icon name="print" /> Imprimer
            </button>
            <button type="button" class="button" data-action="pdf" onClick={() => void download()}>
              <Icon name="download" /> Télécharger le PDF
            </button>
            <p role="status" aria-live="polite" class="fiche-actions__status">
              {pdfStatus}
            </p>
            {shareTexts && (
              <details class="journey-share">
                <summary>Partager</summary>
                <ShareTools id="partage-fiche" texts={shareTexts} url={shareUrl} />
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
  return (
    <article class="fiche" aria-label="Aperçu de la fiche à imprimer">
      <header class="fiche__head">
        <p class="fiche__date">{fiche.dateText}</p>
        {fiche.forPerson && <p class="fiche__person">{fiche.forPerson}</p>}
        {fiche.note && (
          <div class="fiche__note">
            <p class="fiche__label">Note</p>
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
                __html: qrSvg(lieu.url, `QR code vers la page du lieu ${lieu.nom}`),
              }}
            />
            <p>Scannez pour voir la page à jour du lieu</p>
          </div>
          {fiche.lieux.length > 1 && (
            <p class="fiche__index">
              Lieu {i + 1} sur {fiche.lieux.length}
            </p>
          )}
          <h2 id={`fiche-lieu-${i}`}>{lieu.nom}</h2>
          <h3>Adresse</h3>
          {lieu.addressLines.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {lieu.directions.map((line) => (
            <p key={line} class="fiche__muted">
              {line}
            </p>
          ))}
          <p class="fiche__url">
            Page du lieu : <a href={lieu.url}>{lieu.url}</a>
          </p>
          <h3>Horaires</h3>
          {lieu.hours && (
            <table class="fiche__hours">
              <caption class="visually-hidden">Horaires habituels de {lieu.nom}</caption>
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
          <h3>Comment y aller</h3>
          <ul>
            {lieu.howToGo.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <h3>Contact</h3>
          {lieu.contact.length ? (
            <ul class="fiche__contact">
              {lieu.contact.map((c) => (
                <li key={c.label + c.value}>
                  {c.label} : {c.href ? <a href={c.href}>{c.value}</a> : c.value}
                </li>
              ))}
            </ul>
          ) : (
            <p class="fiche__muted">Pas de contact indiqué.</p>
          )}
          {(lieu.services.length > 0 || lieu.fees) && (
            <>
              <h3>Services proposés</h3>
              {lieu.services.length > 0 && <p>{lieu.services.join(' · ')}</p>}
              {lieu.fees && <p>Frais : {lieu.fees}</p>}
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
