/**
 * Shared pieces of the server-rendered pages: escaping, the page shell (landmarks, skip link, header,
 * footer), the built front end's assets (from Vite's manifest) and the page CSS. The CSS uses the
 * same custom properties as the app (`--repere-primary`…): a local version re-themes both at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An http(s) URL as written by a producer, or undefined (never `javascript:` or `data:`). */
export function safeHttpUrl(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text || !/^https?:\/\/[^\s<>"]+$/i.test(text)) return undefined;
  try {
    return new URL(text).href;
  } catch {
    return undefined;
  }
}

export { formatPhone } from '../../core/standard/telephone.js';

export interface PageAssets {
  /** Module scripts to load (hashed paths under `/assets/`). */
  scripts: string[];
  styles: string[];
}

interface ManifestEntry {
  file: string;
  css?: string[];
  isEntry?: boolean;
  src?: string;
}

const assetsCache = new Map<string, PageAssets>();

/**
 * The lieu page's script (service worker registration) from the build's manifest; empty when the
 * front end is not built (the page is complete without it).
 */
export function lieuPageAssets(webDir: string | undefined): PageAssets {
  if (!webDir) return { scripts: [], styles: [] };
  const cached = assetsCache.get(webDir);
  if (cached) return cached;
  const manifestFile = join(webDir, '.vite', 'manifest.json');
  let assets: PageAssets = { scripts: [], styles: [] };
  if (existsSync(manifestFile)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestEntry>;
      const entry = manifest['lieu-page.ts'];
      if (entry) assets = { scripts: [`/${entry.file}`], styles: (entry.css ?? []).map((c) => `/${c}`) };
    } catch {
      // A broken manifest only costs the offline enhancement.
    }
  }
  assetsCache.set(webDir, assets);
  return assets;
}

export const PAGE_CSS = `:root{--repere-primary:#1f4fa3;--repere-primary-dark:#163a7a;--repere-on-primary:#fff;--repere-text:#1e1e1e;--repere-text-muted:#555;--repere-bg:#fff;--repere-bg-alt:#f4f5f7;--repere-border-light:#d5d7dc;--repere-focus:#0a76f6;--repere-open:#18753c;--repere-closed:#ab1d1d;--repere-warning-bg:#fff4e5;--repere-warning:#7a4100;--repere-radius:6px;--repere-font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1rem/1.55 var(--repere-font);color:var(--repere-text);background:var(--repere-bg)}
a{color:var(--repere-primary);text-underline-offset:.15em}a:hover{color:var(--repere-primary-dark);text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--repere-focus);outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-10rem;padding:.5rem 1rem;background:var(--repere-bg);border:2px solid var(--repere-primary);font-weight:600;z-index:10}.skip:focus{top:.5rem}
.site-header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem 1rem;padding:.5rem 1rem;border-bottom:1px solid var(--repere-border-light)}
.brand{display:flex;flex-direction:column;text-decoration:none;color:var(--repere-text)}.brand strong{font-size:1.25rem;color:var(--repere-primary)}.brand span{font-size:.85rem;color:var(--repere-text-muted)}
.site-header ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}.site-header li a{display:inline-block;padding:.5rem .25rem;min-height:44px}
main{max-width:52rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .5rem}h2{font-size:1.2rem;margin:1.75rem 0 .5rem;padding-top:1rem;border-top:1px solid var(--repere-border-light)}h3{font-size:1.05rem;margin:1rem 0 .25rem}
.breadcrumb ol{display:flex;flex-wrap:wrap;list-style:none;margin:0;padding:0;font-size:.95rem}.breadcrumb li+li::before{content:"›";padding:0 .5rem;color:var(--repere-text-muted)}
.typologie{color:var(--repere-text-muted);margin:0 0 .5rem}
.status{font-weight:700;font-size:1.1rem}.status--open{color:var(--repere-open)}.status--closed{color:var(--repere-closed)}.status--unknown{color:var(--repere-text-muted)}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0;padding:0;list-style:none}
.button{display:inline-flex;align-items:center;min-height:44px;padding:.5rem 1rem;border:2px solid var(--repere-primary);border-radius:var(--repere-radius);background:var(--repere-primary);color:var(--repere-on-primary);font-weight:600;text-decoration:none}.button:hover{background:var(--repere-primary-dark);color:var(--repere-on-primary)}
.button--secondary{background:var(--repere-bg);color:var(--repere-primary)}.button--secondary:hover{background:var(--repere-bg-alt);color:var(--repere-primary-dark)}
table{border-collapse:collapse;width:100%;max-width:32rem}caption{text-align:left;font-weight:600;padding-bottom:.25rem}th,td{text-align:left;padding:.35rem .75rem .35rem 0;border-bottom:1px solid var(--repere-border-light);vertical-align:top}tr[aria-current] th,tr[aria-current] td{font-weight:700}
.today{display:inline-block;margin-left:.35rem;padding:0 .35rem;border:1px solid currentColor;border-radius:4px;font-size:.8rem}
dl{margin:0}dt{font-weight:700;margin-top:.75rem}dd{margin:0}dd ul{margin:.25rem 0;padding-left:1.2rem}
.warning{padding:.5rem .75rem;border-left:4px solid var(--repere-warning);background:var(--repere-warning-bg)}
.muted{color:var(--repere-text-muted)}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600;min-height:44px;padding:.5rem 0}
.site-footer{border-top:1px solid var(--repere-border-light);padding:1rem;font-size:.875rem;color:var(--repere-text-muted)}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}`;

export interface ShellOptions {
  title: string;
  description?: string;
  canonical?: string;
  assets?: PageAssets;
  body: string;
}

/** A complete, accessible HTML page around `body` (which must already be escaped). */
export function pageShell(options: ShellOptions): string {
  const assets = options.assets ?? { scripts: [], styles: [] };
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${options.description ? `<meta name="description" content="${escapeHtml(options.description)}">\n` : ''}${
    options.canonical ? `<link rel="canonical" href="${escapeHtml(options.canonical)}">\n` : ''
  }<meta name="theme-color" content="#1f4fa3">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style>${PAGE_CSS}</style>
${assets.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n')}
${assets.scripts.map((src) => `<script type="module" src="${escapeHtml(src)}"></script>`).join('\n')}
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="site-header">
<a class="brand" href="/"><strong>Repère</strong><span>Lieux de médiation numérique</span></a>
<nav aria-label="Navigation principale"><ul><li><a href="/">Accueil</a></li><li><a href="/carte">Carte des lieux</a></li></ul></nav>
</header>
<main id="contenu" tabindex="-1">
${options.body}
</main>
<footer class="site-footer"><p>Données : standard national des lieux de médiation numérique, Licence Ouverte 2.0. <a href="/api/docs">API ouverte</a>.</p></footer>
</body>
</html>
`;
}
