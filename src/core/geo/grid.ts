/**
 * Equal-size grid cells for spatial bucketing (nearby search, clustering, density).
 *
 * Rows have a fixed height; each row has as many columns as fit around the globe while keeping every
 * cell at least `sizeKm` wide at its poleward edge. So every cell is at least `sizeKm` in both
 * directions, and any point within `sizeKm` of a point lies in that point's cell or a neighbouring one.
 * Cell ids are `row:col` strings, stable for a given size.
 */
import { bboxAround } from './distance.js';
import type { BBox, LatLon } from './types.js';

const KM_PER_DEGREE = 111.195;
const RAD = Math.PI / 180;

function rowHeight(sizeKm: number): number {
  if (!(sizeKm > 0) || !Number.isFinite(sizeKm))
    throw new RangeError(`Taille de maille invalide : ${sizeKm} km`);
  return Math.min(180, sizeKm / KM_PER_DEGREE);
}

function rowOf(lat: number, dLat: number): number {
  return Math.floor((Math.max(-90, Math.min(90, lat)) + 90) / dLat);
}

function columnsInRow(row: number, dLat: number, sizeKm: number): number {
  const south = row * dLat - 90;
  const north = Math.min(90, south + dLat);
  const poleward = Math.max(Math.abs(south), Math.abs(north));
  const cos = Math.cos(Math.min(90, poleward) * RAD);
  if (cos <= 1e-9) return 1;
  return Math.max(1, Math.floor((360 * KM_PER_DEGREE * cos) / sizeKm));
}

function colOf(lon: number, nCols: number): number {
  const x = ((((lon + 180) % 360) + 360) % 360) / 360;
  return Math.min(nCols - 1, Math.floor(x * nCols));
}

/** The id of the cell of side ≥ `sizeKm` containing the point. */
export function gridCell(lat: number, lon: number, sizeKm: number): string {
  const dLat = rowHeight(sizeKm);
  const row = rowOf(lat, dLat);
  return `${row}:${colOf(lon, columnsInRow(row, dLat, sizeKm))}`;
}

function parseCell(cell: string): { row: number; col: number } {
  const m = /^(-?\d+):(\d+)$/.exec(cell);
  if (!m) throw new RangeError(`Identifiant de maille invalide : « ${cell} »`);
  return { row: Number(m[1]), col: Number(m[2]) };
}

/** Bounding box of a cell. */
export function cellBBox(cell: string, sizeKm: number): BBox {
  const dLat = rowHeight(sizeKm);
  const { row, col } = parseCell(cell);
  const nCols = columnsInRow(row, dLat, sizeKm);
  const width = 360 / nCols;
  return [col * width - 180, row * dLat - 90, (col + 1) * width - 180, Math.min(90, (row + 1) * dLat - 90)];
}

/** All cells intersecting a bounding box (longitudes may run past ±180: they wrap). */
export function cellsInBBox(bbox: BBox, sizeKm: number): string[] {
  const dLat = rowHeight(sizeKm);
  const out: string[] = [];
  const firstRow = rowOf(bbox[1], dLat);
  const lastRow = rowOf(bbox[3], dLat);
  for (let row = firstRow; row <= lastRow; row++) {
    const nCols = columnsInRow(row, dLat, sizeKm);
    // Unwrapped column indexes: a box running past ±180 continues on the other side.
    const start = Math.floor(((bbox[0] + 180) / 360) * nCols);
    const end = Math.floor(((bbox[2] + 180) / 360) * nCols);
    const count = Math.min(nCols, end - start + 1);
    for (let i = 0; i < count; i++) out.push(`${row}:${(((start + i) % nCols) + nCols) % nCols}`);
  }
  return out;
}

/**
 * The cell itself and every cell that may hold a point within `sizeKm` of a point of this cell
 * (usually 9, a few more where row widths change).
 */
export function neighbourCells(cell: string, sizeKm: number): string[] {
  const box = cellBBox(cell, sizeKm);
  const dLat = sizeKm / KM_PER_DEGREE;
  const poleward = Math.min(89.9, Math.max(Math.abs(box[1] - dLat), Math.abs(box[3] + dLat)));
  const dLon = Math.min(180, sizeKm / (KM_PER_DEGREE * Math.max(1e-6, Math.cos(poleward * RAD))));
  return cellsInBBox([box[0] - dLon, box[1] - dLat, box[2] + dLon, box[3] + dLat], sizeKm);
}

/** Every cell that may hold a point within `radiusKm` of `centre`. */
export function cellsInRadius(centre: LatLon, radiusKm: number, sizeKm: number): string[] {
  return cellsInBBox(bboxAround(centre, radiusKm), sizeKm);
}
