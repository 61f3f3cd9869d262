import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO as capture } from './helpers.js';

describe('repere demo-data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'repere-demo-'));

  it('writes a file that repere validate accepts without errors, the same for the same seed', async () => {
    const io = capture(dir);
    expect(
      await main(['demo-data', '--count', '500', '--seed', '3', '--now', '2026-11-01', '--out', 'a.csv'], io),
    ).toBe(0);
    expect(io.out.join('')).toContain('500 lieux de démonstration');
    expect(
      await main(['demo-data', '-n', '500', '-s', '3', '--now', '2026-11-01', '-o', 'b.csv'], capture(dir)),
    ).toBe(0);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(readFileSync(join(dir, 'b.csv'), 'utf8'));
    const check = capture(dir);
    expect(await main(['validate', 'a.csv', '--now', '2026-11-01', '--format', 'json'], check)).toBe(0);
    const report = JSON.parse(check.out.join(''));
    expect(report.records).toBe(500);
    expect(report.invalid).toBe(0);
  }, 120_000);

  it('refuses bad options with exit code 2 and a clear message', async () => {
    const io = capture(dir);
    expect(await main(['demo-data', '--count', 'abc', '--out', 'x.csv'], io)).toBe(2);
    expect(io.err.join('')).toContain('--count attend un entier');
    const io2 = capture(dir);
    expect(await main(['demo-data', '--count', '10'], io2)).toBe(2);
    expect(io2.err.join('')).toContain('--out est obligatoire');
    const io3 = capture(dir);
    expect(await main(['demo-data', '--count', '10', '--out', 'x.xlsx'], io3)).toBe(2);
    expect(io3.err.join('')).toContain('extension de sortie inconnue');
  });
});
