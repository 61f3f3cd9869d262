/**
 * Offline geocoder: the commune's centre from the reference geography. Used without network, when the
 * online geocoder is down, or when no address match is good enough: a lieu then appears in the right
 * commune (about ±3 km in the median, see bench/suites/geocode.ts) rather than not at all.
 */
import type { Gazetteer } from '../../core/geo/gazetteer.js';
import { MIN_CONFIDENCE } from '../repair/commune.js';
import type { Geocoder, GeocodeRequest, GeocodeResult } from './types.js';

export class OfflineGeocoder implements Geocoder {
  constructor(private readonly gazetteer: Gazetteer) {}

  async geocode(batch: GeocodeRequest[]): Promise<GeocodeResult[]> {
    return batch.map((req) => this.locate(req));
  }

  /** Synchronous form, for callers that have no reason to wait. */
  locate(req: GeocodeRequest): GeocodeResult {
    const g = this.gazetteer;
    let code = req.codeInsee?.trim() ? g.communeByCode(req.codeInsee)?.code : undefined;
    let confidence = 1;
    if (!code) {
      const res = g.resolveCommune({
        nom: req.commune,
        codePostal: req.codePostal,
        codeInsee: req.codeInsee,
      });
      if (!res || res.confidence < MIN_CONFIDENCE) {
        const given = [req.commune, req.codePostal, req.codeInsee].filter((v) => v?.trim()).join(', ');
        return {
          key: req.key,
          failed: given
            ? `commune introuvable ou ambiguë (${given}) : pas de position de repli`
            : 'ni commune ni code postal : pas de position de repli',
        };
      }
      code = res.code;
      confidence = res.confidence;
    }
    const centre = g.centreOf(
      req.codeInsee?.trim() && g.communeByCode(req.codeInsee)?.code === code ? req.codeInsee : code,
    );
    const commune = g.communeByCode(code);
    if (!centre || !commune) return { key: req.key, failed: `pas de centre connu pour la commune ${code}` };
    return {
      key: req.key,
      lat: centre.lat,
      lon: centre.lon,
      method: 'commune-centre',
      precision: 'municipality',
      // An estimated centre (no located place for this commune) deserves less trust.
      score: commune.centreEstime ? Math.min(confidence, 0.5) : confidence,
      label: commune.nom,
      citycode: commune.code,
    };
  }
}
