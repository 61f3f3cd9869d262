import { describe, expect, it } from 'vitest';
import { createGeoJsonWriter, toGeoJsonFeature } from '../../../src/core/standard/geojson.js';
import { parseJsonRecords } from '../../../src/core/standard/json-records.js';
import { toFlat, toLieu } from '../../../src/core/standard/model.js';
import type { Lieu } from '../../../src/core/standard/types.js';

const base: Lieu = {
  id: 'lieu-1',
  pivot: '43493312300029',
  nom: 'Médiathèque « Les Mots »',
  commune: 'Reims',
  code_postal: '51100',
  adresse: '12 rue de Vesle',
  date_maj: '2024-04-02',
  latitude: 49.2583,
  longitude: 4.0317,
  services: ['Aide aux démarches administratives', 'Loisirs et créations numériques'],
};

describe('toGeoJsonFeature', () => {
  it('makes a Point at [longitude, latitude] with the flat standard values as properties', () => {
    const feature = toGeoJsonFeature(base)!;
    expect(feature.type).toBe('Feature');
    expect(feature.id).toBe('lieu-1');
    expect(feature.geometry).toEqual({ type: 'Point', coordinates: [4.0317, 49.2583] });
    expect(feature.properties.services).toBe(
      'Aide aux démarches administratives|Loisirs et créations numériques',
    );
    expect(feature.properties.nom).toBe(base.nom);
    expect(feature.properties).not.toHaveProperty('latitude');
    expect(feature.properties).not.toHaveProperty('horaires');
  });

  it('returns null without valid coordinates', () => {
    const { latitude: _lat, longitude: _lon, ...rest } = base;
    expect(toGeoJsonFeature(rest)).toBeNull();
    expect(toGeoJsonFeature({ ...base, latitude: 95 })).toBeNull();
    expect(toGeoJsonFeature({ ...base, longitude: -181 })).toBeNull();
    expect(toGeoJsonFeature({ ...base, latitude: Number.NaN })).toBeNull();
  });
});

describe('createGeoJsonWriter', () => {
  it('streams a FeatureCollection, skipping and counting lieux without coordinates', () => {
    const writer = createGeoJsonWriter();
    const { latitude: _lat, longitude: _lon, ...noCoordinates } = base;
    const parts = [
      writer.start(),
      writer.write(base),
      writer.write({ ...noCoordinates, id: 'lieu-2' }),
      writer.write({ ...base, id: 'lieu-3', latitude: -21.3, longitude: 165.4 }),
      writer.end(),
    ];
    expect(parts[2]).toBeNull();
    const collection = JSON.parse(parts.join('')) as { type: string; features: { id: string }[] };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((f) => f.id)).toEqual(['lieu-1', 'lieu-3']);
    expect(writer.written).toBe(2);
    expect(writer.skipped).toBe(1);
  });

  it('writes a valid empty collection', () => {
    const writer = createGeoJsonWriter();
    expect(JSON.parse(writer.start() + writer.end())).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it('reads back as the same flat records', () => {
    const writer = createGeoJsonWriter();
    const text = writer.start() + writer.write(base) + writer.end();
    const [item] = parseJsonRecords(text);
    expect(toLieu(item!.record)).toEqual(base);
    expect(item!.record.nom).toBe(toFlat(base).nom);
  });
});

describe('toLieu with the id given beside the record', () => {
  it('reads it as it would read the record’s id (trimmed, left out when blank)', () => {
    const flat = toFlat(base);
    for (const id of ['autre', '  padded ', '', '   ']) {
      expect(toLieu(flat, id)).toEqual(toLieu({ ...flat, id }));
    }
    const { id: _, ...withoutId } = flat;
    expect(toLieu(withoutId, 'x').id).toBe('x');
    expect(toLieu(flat).id).toBe('lieu-1');
  });
});
