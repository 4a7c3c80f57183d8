/**
 * Rasterises 2D cross-sections of a phantom into 12-bit T1 and T2 images.
 *
 * Pure computation on typed arrays (no I/O). Each pixel's patient point is mapped to spine coordinates
 * (s, x, w). Culling is two-level: 64x64-pixel blocks keep the primitives whose bounding boxes meet them,
 * then 8x8 tiles keep a subset of those; a pixel composites its tile's primitives front to back (the
 * exact equivalent of painting them in list order) and stops at the first opaque cover, so it evaluates
 * only one to three signed-distance functions. Then a smooth receive-coil sensitivity (brighter
 * posteriorly, slow ripples, sampled on a coarse grid) and Rician noise from a seeded Gaussian table.
 * Invariants: output values are integers in [0, 4095] (BitsStored 12); the same phantom, plane and noise
 * key always give the same bytes; nothing is allocated per pixel. Spine coordinates of sagittal grids are
 * cached (every sagittal slice of a study shares one (y, z) grid); axial rows share (s, w) along a row.
 */
import { pixelToPatient, type SlicePlane } from './geometry.js';
import type { Phantom } from './phantom.js';
import { sdf, type Prim } from './primitives.js';
import { hash32, Rng } from './random.js';
import type { SpinePoint } from './spine-curve.js';

const TILE = 8;
/** Tiles per culling block side. */
const SUPER = 8;
/** Width of the anti-aliased edge, mm. */
const EDGE = 1.15;
/** Bounding boxes are grown by this much so anti-aliased edges are not culled. */
const MARGIN = EDGE;
const NOISE_TABLE = 1 << 14;
/** Pixel step of the coil-sensitivity grid. */
const GAIN_STEP = 8;

export type Contrast = 'T1' | 'T2';

/** Full-scale intensity of each contrast (tissue intensity 1.0 maps to this value before bias). */
export const FULL_SCALE: Readonly<Record<Contrast, number>> = { T1: 2300, T2: 2100 };
/** Noise standard deviation (per quadrature channel), in output units. */
const NOISE_SIGMA: Readonly<Record<Contrast, number>> = { T1: 24, T2: 26 };

interface Coordinates {
  s: Float32Array;
  w: Float32Array;
  /** Per-tile bounds of s and w: [sMin, sMax, wMin, wMax] * nTiles. */
  tileSW: Float32Array;
}

export class PhantomRenderer {
  private readonly prims: readonly Prim[];
  /** Bounding boxes expanded by the edge margin: [s0, s1, x0, x1, w0, w1] per primitive. */
  private readonly bounds: Float64Array;
  private readonly perm: Uint8Array;
  private readonly gauss: Float32Array;
  private readonly sagittalCache = new Map<string, Coordinates>();
  private acc1 = new Float32Array(0);
  private acc2 = new Float32Array(0);

  constructor(
    private readonly phantom: Phantom,
    noiseSeed: string,
  ) {
    this.prims = phantom.prims;
    this.bounds = new Float64Array(this.prims.length * 6);
    this.prims.forEach((prim, k) => {
      for (let a = 0; a < 3; a++) {
        this.bounds[k * 6 + a * 2] = (prim.lo[a] as number) - MARGIN;
        this.bounds[k * 6 + a * 2 + 1] = (prim.hi[a] as number) + MARGIN;
      }
    });
    const rng = new Rng(hash32(noiseSeed, 7));
    const order = rng.permutation(256);
    this.perm = new Uint8Array(512);
    for (let i = 0; i < 512; i++) this.perm[i] = order[i & 255] as number;
    this.gauss = new Float32Array(NOISE_TABLE);
    for (let i = 0; i < NOISE_TABLE; i++) this.gauss[i] = rng.normal();
  }

  /** Renders one plane in the given contrasts (default both; the geometry work is shared); 12-bit images. */
  render(plane: SlicePlane, noiseKey: string): Record<Contrast, Uint16Array>;
  render<C extends Contrast>(plane: SlicePlane, noiseKey: string, contrasts: readonly C[]): Record<C, Uint16Array>;
  render(plane: SlicePlane, noiseKey: string, contrasts: readonly Contrast[] = ['T1', 'T2']): Partial<Record<Contrast, Uint16Array>> {
    const { rows, columns } = plane;
    const n = rows * columns;
    const coords = this.coordinates(plane);
    const rd = plane.rowDirection;
    const cd = plane.columnDirection;
    const cs = plane.columnSpacing;
    const rs = plane.rowSpacing;
    const [ox, oy, oz] = plane.position;
    const x0 = this.phantom.anatomy.curve.x0;
    // Patient x of pixel (r, c) = ox + c*dxc + r*dxr; spine x = that - x0.
    const dxc = cs * rd[0];
    const dxr = rs * cd[0];
    const dyc = cs * rd[1];
    const dyr = rs * cd[1];
    const dzc = cs * rd[2];
    const dzr = rs * cd[2];

    if (this.acc1.length !== n) {
      this.acc1 = new Float32Array(n);
      this.acc2 = new Float32Array(n);
    }
    const acc1 = this.acc1;
    const acc2 = this.acc2;
    const tilesX = Math.ceil(columns / TILE);
    const tilesY = Math.ceil(rows / TILE);
    const prims = this.prims;
    const bounds = this.bounds;
    const nPrims = prims.length;
    const blockList = new Int32Array(nPrims);
    const list = new Int32Array(nPrims);
    const S = coords.s;
    const Wc = coords.w;
    const tileSW = coords.tileSW;
    // x is linear in (r, c): its range over a pixel rectangle comes from the corners.
    const xRange = (ra: number, rb: number, ca: number, cb: number, out: Float64Array): void => {
      const x00 = ox + ca * dxc + ra * dxr - x0;
      const x01 = ox + cb * dxc + ra * dxr - x0;
      const x10 = ox + ca * dxc + rb * dxr - x0;
      const x11 = ox + cb * dxc + rb * dxr - x0;
      out[0] = Math.min(x00, x01, x10, x11);
      out[1] = Math.max(x00, x01, x10, x11);
    };
    const xr = new Float64Array(2);

    // Two-level culling: primitives meeting a block of SUPER x SUPER tiles, then those meeting each tile.
    for (let by = 0; by < tilesY; by += SUPER) {
      for (let bx = 0; bx < tilesX; bx += SUPER) {
        const byEnd = Math.min(tilesY, by + SUPER);
        const bxEnd = Math.min(tilesX, bx + SUPER);
        let bsMin = Infinity;
        let bsMax = -Infinity;
        let bwMin = Infinity;
        let bwMax = -Infinity;
        for (let ty = by; ty < byEnd; ty++) {
          for (let tx = bx; tx < bxEnd; tx++) {
            const q = (ty * tilesX + tx) * 4;
            bsMin = Math.min(bsMin, tileSW[q] as number);
            bsMax = Math.max(bsMax, tileSW[q + 1] as number);
            bwMin = Math.min(bwMin, tileSW[q + 2] as number);
            bwMax = Math.max(bwMax, tileSW[q + 3] as number);
          }
        }
        xRange(by * TILE, Math.min(rows, byEnd * TILE) - 1, bx * TILE, Math.min(columns, bxEnd * TILE) - 1, xr);
        const blockCount = cull(bounds, nPrims, null, nPrims, bsMin, bsMax, xr[0] as number, xr[1] as number, bwMin, bwMax, blockList);
        for (let ty = by; ty < byEnd; ty++) {
          for (let tx = bx; tx < bxEnd; tx++) {
            const q = (ty * tilesX + tx) * 4;
            const r0 = ty * TILE;
            const c0 = tx * TILE;
            const r1 = Math.min(rows, r0 + TILE);
            const c1 = Math.min(columns, c0 + TILE);
            xRange(r0, r1 - 1, c0, c1 - 1, xr);
            const count = cull(
              bounds,
              nPrims,
              blockList,
              blockCount,
              tileSW[q] as number,
              tileSW[q + 1] as number,
              xr[0] as number,
              xr[1] as number,
              tileSW[q + 2] as number,
              tileSW[q + 3] as number,
              list,
            );
            for (let r = r0; r < r1; r++) {
              for (let c = c0; c < c1; c++) {
                const i = r * columns + c;
                const s = S[i] as number;
                const w = Wc[i] as number;
                const x = ox + c * dxc + r * dxr - x0;
                // Front-to-back compositing (equivalent to painting in list order): stop once opaque.
                let a1 = 0;
                let a2 = 0;
                let transmit = 1;
                for (let j = count - 1; j >= 0; j--) {
                  const k = list[j] as number;
                  const b = k * 6;
                  if (
                    s < (bounds[b] as number) ||
                    s > (bounds[b + 1] as number) ||
                    x < (bounds[b + 2] as number) ||
                    x > (bounds[b + 3] as number) ||
                    w < (bounds[b + 4] as number) ||
                    w > (bounds[b + 5] as number)
                  ) {
                    continue;
                  }
                  const prim = prims[k] as Prim;
                  const d = sdf(prim, s, x, w);
                  let cov = 0.5 - d / EDGE;
                  if (cov <= 0) continue;
                  if (cov > 1) cov = 1;
                  cov *= prim.opacity;
                  let v1 = prim.t1;
                  let v2 = prim.t2;
                  if (prim.texScale > 0) {
                    const sc = prim.texScale;
                    const px = (ox + c * dxc + r * dxr) / sc;
                    const py = (oy + c * dyc + r * dyr) / sc;
                    const pz = (oz + c * dzc + r * dzr) / sc;
                    const nz = sc < 8 ? this.fineNoise(px, py, pz) : this.valueNoise(px, py, pz);
                    let m = (nz - prim.texLo) / (prim.texHi - prim.texLo);
                    m = m < 0 ? 0 : m > 1 ? 1 : m;
                    v1 += (prim.alt1 - v1) * m;
                    v2 += (prim.alt2 - v2) * m;
                  }
                  const f = transmit * cov;
                  a1 += f * v1;
                  a2 += f * v2;
                  transmit -= f;
                  if (transmit < 1e-4) break;
                }
                acc1[i] = a1;
                acc2[i] = a2;
              }
            }
          }
        }
      }
    }

    const gains = this.gainGrid(plane);
    const out: Partial<Record<Contrast, Uint16Array>> = {};
    for (const contrast of contrasts) {
      out[contrast] = this.finish(contrast === 'T1' ? acc1 : acc2, gains, plane, contrast, `${noiseKey}|${contrast}`);
    }
    return out;
  }

  /** Coil sensitivity, scaling, Rician noise, quantisation to 12 bits. */
  private finish(acc: Float32Array, gains: Float32Array, plane: SlicePlane, contrast: Contrast, key: string): Uint16Array {
    const { rows, columns } = plane;
    const out = new Uint16Array(rows * columns);
    const scale = FULL_SCALE[contrast];
    const sigma = NOISE_SIGMA[contrast];
    const gauss = this.gauss;
    const mask = NOISE_TABLE - 1;
    let state = hash32(key, 3) | 1;
    const gCols = Math.ceil((columns - 1) / GAIN_STEP) + 1;
    for (let r = 0; r < rows; r++) {
      const gr = r / GAIN_STEP;
      const r0 = Math.floor(gr);
      const fr = gr - r0;
      const row0 = r0 * gCols;
      const row1 = Math.min(r0 + 1, Math.ceil((rows - 1) / GAIN_STEP)) * gCols;
      const base = r * columns;
      for (let c = 0; c < columns; c++) {
        const gc = c / GAIN_STEP;
        const c0 = Math.floor(gc);
        const fc = gc - c0;
        const c1 = c0 + 1 < gCols ? c0 + 1 : c0;
        const top = (gains[row0 + c0] as number) + ((gains[row0 + c1] as number) - (gains[row0 + c0] as number)) * fc;
        const bottom = (gains[row1 + c0] as number) + ((gains[row1 + c1] as number) - (gains[row1 + c0] as number)) * fc;
        const i = base + c;
        const signal = (acc[i] as number) * scale * (top + (bottom - top) * fr);
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const n1 = (gauss[state & mask] as number) * sigma;
        const n2 = (gauss[(state >>> 14) & mask] as number) * sigma;
        const re = signal + n1;
        const v = Math.sqrt(re * re + n2 * n2);
        out[i] = v >= 4095 ? 4095 : (v + 0.5) | 0;
      }
    }
    return out;
  }

  /**
   * Receive-coil sensitivity sampled every GAIN_STEP pixels (bilinear in between): a posterior phased
   * array (brighter near the back, darker in front), a gentle head-feet fall-off and slow +-7% ripples.
   */
  private gainGrid(plane: SlicePlane): Float32Array {
    const { rows, columns } = plane;
    const gRows = Math.ceil((rows - 1) / GAIN_STEP) + 1;
    const gCols = Math.ceil((columns - 1) / GAIN_STEP) + 1;
    const grid = new Float32Array(gRows * gCols);
    const yBase = this.phantom.anatomy.curve.toPatient(0, 0, 0)[1];
    for (let gr = 0; gr < gRows; gr++) {
      for (let gc = 0; gc < gCols; gc++) {
        const [x, y, z] = pixelToPatient(plane, Math.min(gc * GAIN_STEP, columns - 1), Math.min(gr * GAIN_STEP, rows - 1));
        const q = (y - yBase) / 60;
        const gy = 0.9 + 0.17 * (q / (1 + Math.abs(q)));
        const dz = z / 170;
        const ripple = 1 + 0.14 * (this.valueNoise(x / 70 + 5.5, y / 70 + 1.3, z / 70 + 7.1) - 0.5);
        grid[gr * gCols + gc] = gy * (1 - 0.1 * dz * dz) * ripple;
      }
    }
    return grid;
  }

  /** Smooth two-octave gradient noise, roughly in [0, 1] (mean 0.5). */
  private valueNoise(x: number, y: number, z: number): number {
    const n = 0.68 * this.gradientNoise(x, y, z) + 0.32 * this.gradientNoise(2.03 * y + 17.1, 2.03 * z + 3.7, 2.03 * x + 9.3);
    return 0.5 + 0.9 * n;
  }

  /** One octave of gradient noise, roughly in [0, 1] (mean 0.5): for fine textures. */
  private fineNoise(x: number, y: number, z: number): number {
    return 0.5 + 1.1 * this.gradientNoise(x, y, z);
  }

  /** Perlin gradient noise in about [-0.7, 0.7]. */
  private gradientNoise(x: number, y: number, z: number): number {
    const fx = Math.floor(x);
    const fy = Math.floor(y);
    const fz = Math.floor(z);
    const X0 = fx & 255;
    const Y0 = fy & 255;
    const Z0 = fz & 255;
    x -= fx;
    y -= fy;
    z -= fz;
    const u = x * x * x * (x * (x * 6 - 15) + 10);
    const v = y * y * y * (y * (y * 6 - 15) + 10);
    const w = z * z * z * (z * (z * 6 - 15) + 10);
    const P = this.perm;
    const A = (P[X0] as number) + Y0;
    const AA = (P[A] as number) + Z0;
    const AB = (P[A + 1] as number) + Z0;
    const B = (P[X0 + 1] as number) + Y0;
    const BA = (P[B] as number) + Z0;
    const BB = (P[B + 1] as number) + Z0;
    const g = dotGrad;
    const x1 = x - 1;
    const y1 = y - 1;
    const z1 = z - 1;
    const l1 = g(P[AA] as number, x, y, z) + u * (g(P[BA] as number, x1, y, z) - g(P[AA] as number, x, y, z));
    const l2 = g(P[AB] as number, x, y1, z) + u * (g(P[BB] as number, x1, y1, z) - g(P[AB] as number, x, y1, z));
    const l3 = g(P[AA + 1] as number, x, y, z1) + u * (g(P[BA + 1] as number, x1, y, z1) - g(P[AA + 1] as number, x, y, z1));
    const l4 = g(P[AB + 1] as number, x, y1, z1) + u * (g(P[BB + 1] as number, x1, y1, z1) - g(P[AB + 1] as number, x, y1, z1));
    const m1 = l1 + v * (l2 - l1);
    const m2 = l3 + v * (l4 - l3);
    return m1 + w * (m2 - m1);
  }

  /** Spine (s, w) of every pixel plus per-tile bounds. */
  private coordinates(plane: SlicePlane): Coordinates {
    const rd = plane.rowDirection;
    const cd = plane.columnDirection;
    const sagittal = rd[0] === 0 && cd[0] === 0;
    const key = sagittal
      ? JSON.stringify([plane.position[1], plane.position[2], rd, cd, plane.rows, plane.columns, plane.rowSpacing, plane.columnSpacing])
      : '';
    if (sagittal) {
      const cached = this.sagittalCache.get(key);
      if (cached) return cached;
    }
    const { rows, columns } = plane;
    const n = rows * columns;
    const s = new Float32Array(n);
    const w = new Float32Array(n);
    const curve = this.phantom.anatomy.curve;
    const sp: SpinePoint = { s: 0, w: 0 };
    const [, oy, oz] = plane.position;
    const rowConstant = rd[1] === 0 && rd[2] === 0; // (y, z) depends on the row only (axial, coronal)
    for (let r = 0; r < rows; r++) {
      if (rowConstant) {
        curve.project(oy + r * plane.rowSpacing * cd[1], oz + r * plane.rowSpacing * cd[2], sp);
        s.fill(sp.s, r * columns, (r + 1) * columns);
        w.fill(sp.w, r * columns, (r + 1) * columns);
        continue;
      }
      for (let c = 0; c < columns; c++) {
        const y = oy + c * plane.columnSpacing * rd[1] + r * plane.rowSpacing * cd[1];
        const z = oz + c * plane.columnSpacing * rd[2] + r * plane.rowSpacing * cd[2];
        curve.project(y, z, sp);
        s[r * columns + c] = sp.s;
        w[r * columns + c] = sp.w;
      }
    }
    const tilesX = Math.ceil(columns / TILE);
    const tilesY = Math.ceil(rows / TILE);
    const tileSW = new Float32Array(tilesX * tilesY * 4);
    for (let ty = 0; ty < tilesY; ty++) {
      for (let tx = 0; tx < tilesX; tx++) {
        let sMin = Infinity;
        let sMax = -Infinity;
        let wMin = Infinity;
        let wMax = -Infinity;
        for (let r = ty * TILE; r < Math.min(rows, ty * TILE + TILE); r++) {
          for (let c = tx * TILE; c < Math.min(columns, tx * TILE + TILE); c++) {
            const sv = s[r * columns + c] as number;
            const wv = w[r * columns + c] as number;
            if (sv < sMin) sMin = sv;
            if (sv > sMax) sMax = sv;
            if (wv < wMin) wMin = wv;
            if (wv > wMax) wMax = wv;
          }
        }
        const t = (ty * tilesX + tx) * 4;
        tileSW[t] = sMin;
        tileSW[t + 1] = sMax;
        tileSW[t + 2] = wMin;
        tileSW[t + 3] = wMax;
      }
    }
    const result = { s, w, tileSW };
    if (sagittal) this.sagittalCache.set(key, result);
    return result;
  }
}

/** The 12 edge directions of a cube (plus 4 repeats), indexed by hash & 15: Perlin's gradient set. */
const GRAD = new Float64Array([
  1, 1, 0, -1, 1, 0, 1, -1, 0, -1, -1, 0, 1, 0, 1, -1, 0, 1, 1, 0, -1, -1, 0, -1, 0, 1, 1, 0, -1, 1, 0, 1, -1, 0, -1, -1, 1, 1, 0, 0, -1, 1,
  -1, 1, 0, 0, -1, -1,
]);

/** Dot product of (x, y, z) with the gradient picked by the hash. */
function dotGrad(hash: number, x: number, y: number, z: number): number {
  const o = (hash & 15) * 3;
  return (GRAD[o] as number) * x + (GRAD[o + 1] as number) * y + (GRAD[o + 2] as number) * z;
}

/**
 * Writes into `out` the primitives (from `from`, or all when null) whose expanded bounding boxes meet the
 * box [sMin, sMax] x [xMin, xMax] x [wMin, wMax]; returns their count. Order is preserved.
 */
function cull(
  bounds: Float64Array,
  nPrims: number,
  from: Int32Array | null,
  fromCount: number,
  sMin: number,
  sMax: number,
  xMin: number,
  xMax: number,
  wMin: number,
  wMax: number,
  out: Int32Array,
): number {
  let count = 0;
  const n = from ? fromCount : nPrims;
  for (let j = 0; j < n; j++) {
    const k = from ? (from[j] as number) : j;
    const b = k * 6;
    if (
      (bounds[b] as number) > sMax ||
      (bounds[b + 1] as number) < sMin ||
      (bounds[b + 2] as number) > xMax ||
      (bounds[b + 3] as number) < xMin ||
      (bounds[b + 4] as number) > wMax ||
      (bounds[b + 5] as number) < wMin
    ) {
      continue;
    }
    out[count++] = k;
  }
  return count;
}
