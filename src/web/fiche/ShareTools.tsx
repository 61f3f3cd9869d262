/**
 * Share without a server: copy the link, an e-mail (`mailto:` prefilled), an SMS (`sms:` prefilled,
 * short), copy the address. Every control says what it does in words; the result of a copy is
 * announced to screen readers.
 */
import { useState } from 'preact/hooks';
import { mailtoHref, smsHref, type ShareTexts } from '../../core/journey/index.js';
import { Icon } from '../journey/icons.js';

/** Copies text; falls back to a hidden text area where the Clipboard API is missing (plain HTTP). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused: try the old way.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export interface ShareToolsProps {
  /** Distinguishes several instances on one page (ids). */
  id: string;
  texts: ShareTexts;
  url: string;
  /** Said after each control for screen readers: « : Médiathèque X ». */
  subject?: string;
}

export function ShareTools({ id, texts, url, subject }: ShareToolsProps) {
  const [status, setStatus] = useState('');
  const copy = async (done: string, text: string) => {
    const ok = await copyText(text);
    setStatus(ok ? done : 'La copie n’a pas fonctionné : sélectionnez le texte ci-dessous.');
    if (!ok) setManual(text);
  };
  const [manual, setManual] = useState<string>();
  const suffix = subject ? <span class="visually-hidden"> : {subject}</span> : null;
  return (
    <div class="share-tools" data-share={id}>
      <ul class="share-tools__list">
        <li>
          <button
            type="button"
            class="button button--small button--secondary"
            data-action="copier-lien"
            onClick={() => void copy('Lien copié.', url)}
          >
            <Icon name="link" /> Copier le lien{suffix}
          </button>
        </li>
        <li>
          <a
            class="button button--small button--secondary"
            data-action="email"
            href={mailtoHref({ subject: texts.subject, body: texts.body })}
          >
            <Icon name="mail" /> Envoyer par e-mail{suffix}
          </a>
        </li>
        <li>
          <a class="button button--small button--secondary" data-action="sms" href={smsHref(texts.sms)}>
            <Icon name="sms" /> Envoyer par SMS{suffix}
          </a>
        </li>
        {texts.address && (
          <li>
            <button
              type="button"
              class="button button--small button--secondary"
              data-action="copier-adresse"
              onClick={() => void copy('Adresse copiée.', texts.address)}
            >
              <Icon name="copy" /> Copier l’adresse{suffix}
            </button>
          </li>
        )}
      </ul>
      <p class="share-tools__status" role="status" aria-live="polite">
        {status}
      </p>
      {manual && (
        <p class="field">
          <label for={`${id}-manuel`}>Texte à copier</label>
          <input
            id={`${id}-manuel`}
            type="text"
            readOnly
            value={manual}
            onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
          />
        </p>
      )}
    </div>
  );
}
