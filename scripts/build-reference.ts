/**
 * `npm run build:reference`: generates the reference geography into dist/reference-data/ (or
 * $REPERE_REFERENCE_DIR) from the installed packages, and prints what was built.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { writeReference } from '../src/reference/load.js';

try {
  const start = performance.now();
  const { report, files } = await writeReference();
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  process.stdout.write(`Référentiel géographique généré en ${seconds} s :\n`);
  for (const file of files) {
    const bytes = readFileSync(file);
    const kb = (n: number): string => `${Math.round(n / 1024)} Ko`;
    process.stdout.write(`  ${file} : ${kb(bytes.length)} (${kb(gzipSync(bytes).length)} compressé)\n`);
  }
  process.stdout.write(
    `  ${report.communes} communes, ${report.arrondissements} arrondissements ; centres : ${report.located} situés, ` +
      `${report.locatedFromAnciennes} d'après leurs communes déléguées, ${report.estimated} estimés ; ` +
      `tracés calés à ${(report.drawingInsideShare * 100).toFixed(1)} % (écart moyen ${report.drawingFitRmsKm} km)\n`,
  );
  if (report.unplaced.length) process.stdout.write(`  sans position : ${report.unplaced.join(', ')}\n`);
} catch (error) {
  process.stderr.write(`build:reference : ${(error as Error).message}\n`);
  process.exit(1);
}
