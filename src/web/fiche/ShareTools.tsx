/**
 * Share without a server: copy the link, an e-mail (`mailto:` prefilled), an SMS (`sms:` prefilled,
 * short), copy the address. Every control says what it does in words; the result of a copy is
 * announced to screen readers.
 */
import { useState } from 'preact/hooks';
import { mailtoHref, smsHref, type ShareTexts } from '../../core/journey/index.js';
import { t, type Lang } from '../i18n/index.js';
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
  lang?: Lang;
}

export function ShareTools({ id, texts, url, subject, lang }: ShareToolsProps) {
  const [status, setStatus] = useState('');
  const copy = async (done: string, text: string) => {
    const ok = await copyText(text);
    setStatus(ok ? done : t('share.failed', {}, lang));
    if (!ok) setManual(text);
  };
  const [manual, setManual] = useState<string>();
  const suffix = subject ? (
    <span class="visually-hidden">
      {lang === 'en' ? ': ' : ' : '}
      {subject}
    </span>
  ) : null;
  return (
    <div class="share-tools" data-share={id}>
      <ul class="share-tools__list">
        <li>
          <button
            type="button"
            class="button button--small button--secondary"
            data-action="copier-lien"
            onClick={() => void copy(t('share.linkCopied', {}, lang), url)}
          >
            <Icon name="link" /> {t('share.copyLink', {}, lang)}
            {suffix}
          </button>
        </li>
        <li>
          <a
            class="button button--small button--secondary"
            data-action="email"
            href={mailtoHref({ subject: texts.subject, body: texts.body })}
          >
            <Icon name="mail" /> {t('share.email', {}, lang)}
            {suffix}
          </a>
        </li>
        <li>
          <a class="button button--small button--secondary" data-action="sms" href={smsHref(texts.sms)}>
            <Icon name="sms" /> {t('share.sms', {}, lang)}
            {suffix}
          </a>
        </li>
        {texts.address && (
          <li>
            <button
              type="button"
              class="button button--small button--secondary"
              data-action="copier-adresse"
              onClick={() => void copy(t('share.addressCopied', {}, lang), texts.address)}
            >
              <Icon name="copy" /> {t('share.copyAddress', {}, lang)}
              {suffix}
            </button>
          </li>
        )}
      </ul>
      <p class="share-tools__status" role="status" aria-live="polite">
        {status}
      </p>
      {manual && (
        <p class="field">
          <label for={`${id}-manuel`}>{t('share.manual', {}, lang)}</label>
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
