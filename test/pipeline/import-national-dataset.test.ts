import { describe, expect, it } from 'vitest';
import { buildNationalDataset, memberKey, type MergeMember } from '../../src/pipeline/national-dataset.js';
import { lieu, NOW } from './import-helpers.js';

const same = {
  nom: 'Médiathèque Toussaint',
  adresse: '49 rue Toussaint',
  latitude: '47.470600',
  longitude: '-0.556100',
};

function members(): MergeMember[] {
  return [
    {
      sourceId: 'ville',
      key: 'v1',
      record: lieu(0, { ...same, id: 'v1', horaires: 'Mo-Fr 09:00-12:00', date_maj: '2024-05-01' }),
      geocode: { method: 'source', precision: 'housenumber' },
    },
    {
      sourceId: 'hub',
      key: 'h1',
      record: lieu(0, {
        ...same,
        id: 'h1',
        horaires: 'Sa 10:00-12:00',
        prise_rdv: 'https://rdv.angers.fr',
        date_maj: '2024-03-01',
      }),
      geocode: { method: 'commune-centre', precision: 'municipality' },
    },
    { sourceId: 'hub', key: 'h2', record: lieu(3, { id: 'h2', latitude: '', longitude: '' }) },
  ];
}

describe('buildNationalDataset', () => {
  it('merges duplicates across sources, orders sources by priority, and scores every lieu', () => {
    const priorities = new Map([
      ['hub', 10],
      ['ville', 5],
    ]);
    const dataset = buildNationalDataset(members(), { now: NOW, priorities });
    expect(dataset.lieux).toHaveLength(2);
    const merged = dataset.lieux.find((l) => l.sources.length === 2)!;
    expect(merged.sources).toEqual(['hub', 'ville']);
    // The freshest member wins single-valued fields; its geocoding goes with its coordinates.
    expect(merged.record.horaires).toBe('Mo-Fr 09:00-12:00');
    expect(merged.record.prise_rdv).toBe('https://rdv.angers.fr');
    expect(merged.geocode).toEqual({ method: 'source', precision: 'housenumber' });
    expect(merged.quality.score).toBeGreaterThan(0);
    expect(merged.quality.details).toHaveProperty('coordonnees');

    expect(dataset.outcomeOf('hub', 'h1')).toEqual({ lieuId: merged.id, members: ['hub:h1', 'ville:v1'] });
    expect(dataset.outcomeOf('ville', 'v1')!.lieuId).toBe(merged.id);
    const alone = dataset.outcomeOf('hub', 'h2')!;
    expect(alone.members).toEqual([memberKey('hub', 'h2')]);
    expect(dataset.outcomeOf('hub', 'absent')).toBeUndefined();

    expect(dataset.mergeGroups).toEqual([
      expect.objectContaining({ lieuId: merged.id, members: ['hub:h1', 'ville:v1'] }),
    ]);
    expect(dataset.stats).toMatchObject({
      lieux: 2,
      normalisedLieux: 3,
      mergeGroups: 1,
      mergedLieux: 2,
      sources: { hub: { lieux: 2, merged: 1 }, ville: { lieux: 1, merged: 1 } },
    });
  });

  it('records which member gave each value, and the competing values not kept', () => {
    const dataset = buildNationalDataset(members(), { now: NOW });
    const merged = dataset.lieux.find((l) => l.sources.length === 2)!;
    const rows = dataset.provenance.filter((p) => p.lieuId === merged.id);
    const horaires = rows.filter((p) => p.field === 'horaires');
    expect(horaires).toEqual([
      expect.objectContaining({
        sourceId: 'ville',
        value: 'Mo-Fr 09:00-12:00',
        retained: true,
        rule: 'preferred-member',
      }),
      expect.objectContaining({ sourceId: 'hub', value: 'Sa 10:00-12:00', retained: false }),
    ]);
    expect(rows.find((p) => p.field === 'prise_rdv')).toMatchObject({ sourceId: 'hub', retained: true });
    expect(rows.find((p) => p.field === 'latitude' && p.retained)).toMatchObject({
      sourceKey: 'ville:v1',
      rule: 'coordinates-pair',
    });
    // Lieux from a single record carry no provenance rows (all from sources[0]).
    const alone = dataset.outcomeOf('hub', 'h2')!.lieuId;
    expect(dataset.provenance.some((p) => p.lieuId === alone)).toBe(false);
  });

  it('gives the same dataset whatever the order of its members', () => {
    const a = buildNationalDataset(members(), { now: NOW });
    const b = buildNationalDataset([...members()].reverse(), { now: NOW });
    expect(b.lieux).toEqual(a.lieux);
    expect(b.mergeGroups).toEqual(a.mergeGroups);
    expect(new Set(b.provenance.map((p) => JSON.stringify(p)))).toEqual(
      new Set(a.provenance.map((p) => JSON.stringify(p))),
    );
  });

  it('keeps the validation warnings of a published lieu, and refuses duplicate members', () => {
    const dataset = buildNationalDataset(
      [{ sourceId: 's', key: 'k', record: lieu(0, { pivot: '00000000000000', date_maj: '2019-01-01' }) }],
      { now: NOW },
    );
    const codes = (dataset.lieux[0]!.warnings as Array<{ code: string }>).map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['pivot.placeholder', 'date_maj.stale']));
    const twice: MergeMember = { sourceId: 's', key: 'k', record: lieu(0) };
    expect(() => buildNationalDataset([twice, twice], { now: NOW })).toThrow(/s:k/);
  });
});
