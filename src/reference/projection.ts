/**
 * Map projections and the affine fit that georeferences the drawing of the départements.
 * Lambert-93 (EPSG:2154) is France's legal projection; the drawing is a scaled, shifted planar map,
 * so an affine transform from Lambert-93 (or Web Mercator) to drawing units fits it closely.
 */
import type { Position } from '../core/geo/types.js';

const RAD = Math.PI / 180;

export interface Projection {
  name: string;
  forward(p: Position): Position;
  inverse(p: Position): Position;
}

// GRS80 ellipsoid, Lambert conformal conic with two standard parallels (44°, 49°), origin 46.5°N 3°E.
const A = 6378137;
const F = 1 / 298.257222101;
const E = Math.sqrt(2 * F - F * F);
const LON0 = 3 * RAD;
const X0 = 700000;
const Y0 = 6600000;

function mAt(phi: number): number {
  return Math.cos(phi) / Math.sqrt(1 - E * E * Math.sin(phi) ** 2);
}
function tAt(phi: number): number {
  const s = E * Math.sin(phi);
  return Math.tan(Math.PI / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (E / 2);
}
const M1 = mAt(44 * RAD);
const M2 = mAt(49 * RAD);
const T1 = tAt(44 * RAD);
const T2 = tAt(49 * RAD);
const N = (Math.log(M1) - Math.log(M2)) / (Math.log(T1) - Math.log(T2));
const FF = M1 / (N * T1 ** N);
const RHO0 = A * FF * tAt(46.5 * RAD) ** N;

export const lambert93: Projection = {
  name: 'Lambert-93',
  forward([lon, lat]) {
    const rho = A * FF * tAt(lat * RAD) ** N;
    const theta = N * (lon * RAD - LON0);
    return [X0 + rho * Math.sin(theta), Y0 + RHO0 - rho * Math.cos(theta)];
  },
  inverse([x, y]) {
    const dx = x - X0;
    const dy = RHO0 - (y - Y0);
    const rho = Math.sign(N) * Math.sqrt(dx * dx + dy * dy);
    const theta = Math.atan2(dx, dy);
    const t = (rho / (A * FF)) ** (1 / N);
    let phi = Math.PI / 2 - 2 * Math.atan(t);
    for (let i = 0; i < 10; i++) {
      const s = E * Math.sin(phi);
      phi = Math.PI / 2 - 2 * Math.atan(t * ((1 - s) / (1 + s)) ** (E / 2));
    }
    return [(theta / N + LON0) / RAD, phi / RAD];
  },
};

export const webMercator: Projection = {
  name: 'Web Mercator',
  forward([lon, lat]) {
    return [A * lon * RAD, A * Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2))];
  },
  inverse([x, y]) {
    return [x / A / RAD, (2 * Math.atan(Math.exp(y / A)) - Math.PI / 2) / RAD];
  },
};

/** `[a, b, c, d, e, f]`: x' = a·x + b·y + c, y' = d·x + e·y + f. */
export type Affine = [number, number, number, number, number, number];

export function applyAffine(t: Affine, [x, y]: Position): Position {
  return [t[0] * x + t[1] * y + t[2], t[3] * x + t[4] * y + t[5]];
}

/** Solves a 3×3 linear system (Cramer). */
function solve3(m: number[][], v: number[]): [number, number, number] {
  const det = (a: number[][]): number =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
    a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
    a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const d = det(m);
  if (Math.abs(d) < 1e-12) throw new Error('Ajustement affine impossible : points de calage alignés');
  const col = (k: number): number[][] => m.map((row, i) => row.map((x, j) => (j === k ? v[i]! : x)));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}

/** Least-squares affine transform mapping `from[i]` onto `to[i]` (optionally weighted). */
export function fitAffine(from: Position[], to: Position[], weights?: number[]): Affine {
  if (from.length !== to.length || from.length < 3)
    throw new Error('Ajustement affine : au moins 3 paires de points');
  // Normal equations on centred coordinates for numerical stability.
  let sw = 0;
  let mx = 0;
  let my = 0;
  from.forEach((p, i) => {
    const w = weights?.[i] ?? 1;
    sw += w;
    mx += w * p[0];
    my += w * p[1];
  });
  mx /= sw;
  my /= sw;
  const ata = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const atx = [0, 0, 0];
  const aty = [0, 0, 0];
  from.forEach((p, i) => {
    const w = weights?.[i] ?? 1;
    const row = [p[0] - mx, p[1] - my, 1];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) ata[r]![c]! += w * row[r]! * row[c]!;
      atx[r]! += w * row[r]! * to[i]![0];
      aty[r]! += w * row[r]! * to[i]![1];
    }
  });
  const [a, b, c0] = solve3(ata, atx);
  const [d, e, f0] = solve3(ata, aty);
  return [a, b, c0 - a * mx - b * my, d, e, f0 - d * mx - e * my];
}

export function invertAffine(t: Affine): Affine {
  const [a, b, c, d, e, f] = t;
  const det = a * e - b * d;
  if (Math.abs(det) < 1e-18) throw new Error('Transformation affine non inversible');
  return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det];
}
