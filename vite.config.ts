/**
 * Build of the front end (`src/web` → `dist/web`), served by `repere serve`.
 *
 * - Preact through the automatic JSX runtime (no React, no Babel).
 * - `maplibre-gl` is only reached through `await import()`: it lands in its own chunk, out of the shell.
 * - `sw.js` (the service worker) is built at the root, unhashed, with the list of files to precache
 *   and a build version prepended at the end of the build (see `precacheList`).
 * - `.vite/manifest.json` lets the server-rendered lieu page link the hashed CSS and script.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

/** Writes every emitted file name (and a version derived from them) into the service worker. */
function precacheList(): Plugin {
  return {
    name: 'repere-precache-list',
    apply: 'build',
    // After Vite's own plugins, so that index.html is in the bundle.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const emitted = Object.keys(bundle).filter(
        (name) =>
          !name.endsWith('.map') && !name.startsWith('.vite/') && name !== 'sw.js' && name !== 'index.html',
      );
      // The shell (served at /) and the public folder's files are not in the bundle.
      const files = [
        '/',
        ...readdirSync(join(root, 'public')).map((name) => `/${name}`),
        ...emitted.map((n) => `/${n}`),
      ].sort();
      const version = createHash('sha1').update(files.join('\n')).digest('hex').slice(0, 12);
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') return this.error('sw.js absent du build.');
      // Prepended, not substituted: the minifier would fold a placeholder constant away.
      sw.code = `self.__REPERE_PRECACHE__=${JSON.stringify(files)};self.__REPERE_VERSION__=${JSON.stringify(version)};\n${sw.code}`;
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [precacheList()],
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        index: `${root}/index.html`,
        lieu: `${root}/lieu-page.ts`,
        sw: `${root}/sw.ts`,
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
