/**
 * Server-rendered pages of the front end, mounted by `src/server/routes/web.ts`:
 *
 *   renderLieuPage({ lieu, now, publicUrl, version?, territory?, webDir?, reportUrl? }): string
 *
 * `lieu` is the store's `DatasetLieuRow`; `webDir` (the built `dist/web`) lets the page load the
 * app's small script that makes it available offline. Shared helpers (escaping, page shell, CSS) are
 * in `html.ts`.
 */
export { renderLieuPage, SERVICE_GROUPS, frenchDate, ageInDays, type LieuPageInput } from './lieu.js';
export {
  escapeHtml,
  formatPhone,
  pageShell,
  safeHttpUrl,
  lieuPageAssets,
  PAGE_CSS,
  type PageAssets,
} from './html.js';
