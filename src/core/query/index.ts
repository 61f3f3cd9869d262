/**
 * The query engine: everything people see of the lieux goes through it — the HTTP API, the map, the
 * orientation journey and the embedded local versions, where the browser runs this same module on a
 * compact snapshot and gets identical results.
 *
 *   const index = buildIndex(lieux, { territory: territoryResolver(gazetteer) }); // once, at load
 *   const parsed = parseQueryParams(url.searchParams);                           // per request
 *   if (parsed.ok) runQuery(index, parsed.query, { now });                       // ~1 ms for 20k lieux
 *
 * Semantics: OR within a criterion's values, AND across criteria. Expensive work (hours compiled,
 * names folded, territory resolved, sort order) happens in `buildIndex`, never per request. Results
 * are deterministic: no locale-dependent comparison, ties broken by id.
 */
import type { Gazetteer } from '../geo/index.js';
import type { TerritoryResolver } from './types.js';

export { buildIndex, getLieu } from './build.js';
export type { BuildOptions, LieuIndex } from './build.js';
export { runQuery, MAX_LIMIT, DEFAULT_LIMIT } from './run.js';
export { countBy, clusters, CLUSTER_OPTIONS } from './aggregate.js';
export {
  parseQueryParams,
  parseQueryParamsLeniently,
  formatQueryParams,
  QUERY_PARAMS,
  DAY_CODES,
  MAX_Q_LENGTH,
} from './params.js';
export type { QueryParamDescriptor, QueryParamError, ParseResult, ParseOptions } from './params.js';
export { ENUM_FILTERS, ENUM_FILTER_FIELDS } from './types.js';
export type * from './types.js';

/**
 * Territory of a code INSEE from the gazetteer: former communes resolve to the commune they joined, and
 * an arrondissement municipal belongs to its commune (so `communes=75056` finds lieux coded 75111).
 */
export function territoryResolver(gazetteer: Pick<Gazetteer, 'communeByCode'>): TerritoryResolver {
  return (codeInsee) => {
    const commune = gazetteer.communeByCode(codeInsee);
    if (!commune) return undefined;
    return {
      departement: commune.departement,
      region: commune.region,
      commune: commune.commune ?? commune.code,
      ...(commune.epci ? { epci: commune.epci } : {}),
    };
  };
}
