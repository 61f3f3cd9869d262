import { describe, expect, it } from 'vitest';
import { lineProgress, terminalProgress, type ImportProgressEvent } from '../../src/pipeline/progress.js';
import {
  emptyCounts,
  formatImportReport,
  ReasonTally,
  type ImportReport,
  type SourceReport,
} from '../../src/pipeline/run-report.js';

function source(extra: Partial<SourceReport>): SourceReport {
  return {
    sourceId: 'gironde',
    name: 'Gironde',
    kind: 'mapping',
    input: 'gironde.json',
    outcome: 'imported',
    message: 'publiée : version 3 du jeu national (120 lieux).',
    counts: { read: 100, excluded: 2, valid: 96, repaired: 40, kept: 90, merged: 6, rejected: 4 },
    repairs: {
      total: 55,
      byRule: [{ code: 'telephone.e164', field: 'telephone', count: 40, example: 'numéro réécrit' }],
    },
    rejections: [
      { code: 'adresse.required', field: 'adresse', count: 3, example: 'adresse vide' },
      { code: 'pivot.pattern', field: 'pivot', count: 1, example: 'pivot « 0 »' },
    ],
    warnings: [{ code: 'date_maj.stale', count: 96, example: 'date ancienne' }],
    geocoding: { byMethod: { source: 90, 'commune-centre': 6 }, failed: 0 },
    notices: ['colonnes absentes : Horaires.'],
    durationsMs: { read: 1200, dedup: 300 },
    ...extra,
  };
}

describe('formatImportReport', () => {
  it('summarises each source, the totals and the published version in French', () => {
    const report: ImportReport = {
      startedAt: '2024-06-01T10:00:00.000Z',
      finishedAt: '2024-06-01T10:01:00.000Z',
      durationMs: 60_000,
      sources: [
        source({}),
        source({
          sourceId: 'angers',
          outcome: 'unchanged',
          message: 'inchangée depuis la dernière importation.',
        }),
        source({
          sourceId: 'corse',
          outcome: 'failed',
          message: 'importation annulée.',
          error: 'corse.csv, ligne 12 : guillemet non fermé.',
        }),
      ],
      totals: { ...emptyCounts(), read: 100, kept: 90, merged: 6, rejected: 4 },
      dataset: { version: 3, lieux: 1234 },
      ok: false,
    };
    const text = formatImportReport(report, { maxReasons: 1 });
    expect(text).toContain('■ gironde (Gironde) : importée — publiée');
    expect(text).toContain(
      'lus 100 · valides 96 · réparés 40 · gardés 90 · fusionnés 6 · rejetés 4 (96,0 % publiés) · exclus par la définition 2',
    );
    expect(text).toContain('positions : coordonnées du producteur 90, centre de la commune 6');
    expect(text).toContain('3 × adresse.required — adresse vide');
    expect(text).toContain('… et 1 autre(s) règle(s)');
    expect(text).not.toContain('pivot.pattern');
    expect(text).toContain('remarque : colonnes absentes : Horaires.');
    expect(text).toContain('durées : lecture 1,2 s, dédoublonnage 0,3 s');
    expect(text).toContain('■ angers (Gironde) : inchangée');
    expect(text).toContain(
      '■ corse (Gironde) : échouée — importation annulée.\n  raison : corse.csv, ligne 12 : guillemet non fermé.',
    );
    expect(text).toContain('Total : 3 sources (1 importée(s), 1 inchangée(s), 1 en échec)');
    expect(text).toContain('Jeu national publié : version 3, 1 234 lieux.');
  });

  it('says when nothing was ever published', () => {
    const text = formatImportReport({
      startedAt: '',
      finishedAt: '',
      durationMs: 0,
      sources: [],
      totals: emptyCounts(),
      ok: true,
    });
    expect(text).toContain('Aucun jeu national publié');
  });
});

describe('ReasonTally', () => {
  it('counts by code, keeps the first example, most frequent first then by code', () => {
    const tally = new ReasonTally();
    tally.add('b', 'premier b');
    tally.add('a', 'premier a', 'champ');
    tally.add('b', 'second b');
    tally.add('c', 'c');
    expect(tally.list()).toEqual([
      { code: 'b', count: 2, example: 'premier b' },
      { code: 'a', field: 'champ', count: 1, example: 'premier a' },
      { code: 'c', count: 1, example: 'c' },
    ]);
  });
});

const events: ImportProgressEvent[] = [
  { type: 'source-start', sourceId: 'gironde', name: 'Gironde', index: 1, count: 2 },
  { type: 'stage', sourceId: 'gironde', stage: 'read', done: 500 },
  { type: 'stage', sourceId: 'gironde', stage: 'read', done: 812, finished: true },
  { type: 'stage', sourceId: 'gironde', stage: 'geocode', done: 400, total: 800 },
  { type: 'stage', sourceId: 'gironde', stage: 'geocode', done: 800, total: 800, finished: true },
  { type: 'source-end', sourceId: 'gironde', outcome: 'imported', message: 'publiée : version 1.' },
];

describe('progress renderers', () => {
  it('prints one plain line per finished stage, never per record', () => {
    const out: string[] = [];
    const listener = lineProgress((t) => out.push(t));
    for (const e of events) listener(e);
    expect(out).toEqual([
      'Source 1/2 : gironde — Gironde\n',
      'gironde : lecture 812\n',
      'gironde : géocodage 800\n',
      'gironde : publiée : version 1.\n',
    ]);
  });

  it('redraws bars in place on a terminal', () => {
    const out: string[] = [];
    const listener = terminalProgress((t) => out.push(t), 0);
    for (const e of events) listener(e);
    const text = out.join('');
    expect(text).toContain('Source 1/2 : gironde — Gironde');
    expect(text).toMatch(/géocodage\s+\[█{12}░{12}\] 400 \/ 800/);
    expect(text).toMatch(/géocodage\s+\[█{24}\] 800 \/ 800/);
    expect(text).toContain('\x1b[7A'); // back up over the header and six stage lines
    expect(text.trimEnd().endsWith('→ publiée : version 1.')).toBe(true);
  });
});
