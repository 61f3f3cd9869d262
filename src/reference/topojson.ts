/**
 * Minimal TopoJSON decoding (quantized, delta-encoded arcs) for the Natural Earth countries of
 * `world-atlas`: enough to turn one country's geometry into GeoJSON MultiPolygon coordinates.
 */
import type { MultiPolygonCoords, Position } from '../core/geo/types.js';

export interface Topology {
  type: 'Topology';
  transform?: { scale: [number, number]; translate: [number, number] };
  arcs: Array<Array<[number, number]>>;
  objects: Record<string, { type: string; geometries: TopoGeometry[] }>;
}

export interface TopoGeometry {
  type: string;
  id?: string;
  properties?: Record<string, unknown>;
  arcs?: number[][] | number[][][];
}

function decodeArcs(topology: Topology): Position[][] {
  const t = topology.transform;
  return topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      if (!t) return [dx, dy] as Position;
      x += dx;
      y += dy;
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] as Position;
    });
  });
}

/** MultiPolygon coordinates of a Polygon or MultiPolygon TopoJSON geometry. */
export function topoToMultiPolygon(topology: Topology, geometry: TopoGeometry): MultiPolygonCoords {
  const arcs = decodeArcs(topology);
  const ring = (indexes: number[]): Position[] => {
    const out: Position[] = [];
    for (const index of indexes) {
      const arc = index >= 0 ? arcs[index] : arcs[~index]?.slice().reverse();
      if (!arc) throw new Error(`TopoJSON : arc ${index} introuvable`);
      out.push(...(out.length ? arc.slice(1) : arc));
    }
    return out;
  };
  if (geometry.type === 'Polygon') return [(geometry.arcs as number[][]).map(ring)];
  if (geometry.type === 'MultiPolygon') return (geometry.arcs as number[][][]).map((p) => p.map(ring));
  return [];
}
