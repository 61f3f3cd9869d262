/**
 * Registers the service worker (`/sw.js`): after a first visit, the app, the last dataset and the
 * visited lieu pages open offline. Skipped where unsupported or not allowed (non-secure origins other
 * than localhost), and silently when registration fails: the app works without it.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
