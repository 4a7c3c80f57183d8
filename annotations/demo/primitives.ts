/**
 * Shape primitives of the phantom: signed-distance functions in spine coordinates (s, x, w), in mm.
 *
 * A primitive is a solid with a T1 and a T2 intensity (plus an optional smooth texture mixing towards an
 * alternate intensity, and an opacity). The renderer paints primitives in list order ("painter's
 * algorithm") with anti-aliased coverage from the signed distance, so later primitives overwrite earlier
 * ones. Invariants: `sdf` is negative inside and roughly a distance in mm near the surface (exact for
 * boxes/capsules, first-order for ellipses); the bounding box [lo, hi] contains every point with sdf <= 0.
 * All primitives share one object shape (monomorphic) so the hot loop stays fast.
 */

export const Kind = {
  Ellipsoid: 0,
  RoundBox: 1,
  Capsule: 2,
  /** 2D capsule in the (u, v) axes extruded along axis e. */
  Extruded: 3,
  /** Elliptic/superelliptic cross-section in (x, w) swept along s, centre and radii lerped along s. */
  Tube: 4,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Axis indices of spine coordinates. */
export const S = 0;
export const X = 1;
export const W = 2;

/** Intensity of a tissue on T1 and on T2 (0..1 of the scanner's full scale). */
export interface Tissue {
  readonly t1: number;
  readonly t2: number;
}

export interface Texture {
  /** Alternate tissue mixed in where the noise is high. */
  readonly alt: Tissue;
  /** Noise thresholds: mix 0 below lo, 1 above hi. */
  readonly lo: number;
  readonly hi: number;
  /** Noise feature size in mm. */
  readonly scale: number;
}

export class Prim {
  kind: Kind;
  /** Generic parameters, meaning per kind (see the factory functions). */
  p: Float64Array = new Float64Array(20);
  /** Bounding box in (s, x, w). */
  lo: Float64Array = new Float64Array(3);
  hi: Float64Array = new Float64Array(3);
  t1 = 0;
  t2 = 0;
  alt1 = 0;
  alt2 = 0;
  texLo = 0;
  texHi = 0;
  /** 0 = untextured. */
  texScale = 0;
  opacity = 1;
  /** Free-form name for debugging ("L4 marrow"). */
  name = '';

  constructor(kind: Kind, name: string, tissue: Tissue, texture?: Texture, opacity = 1) {
    this.kind = kind;
    this.name = name;
    this.t1 = tissue.t1;
    this.t2 = tissue.t2;
    if (texture) {
      this.alt1 = texture.alt.t1;
      this.alt2 = texture.alt.t2;
      this.texLo = texture.lo;
      this.texHi = texture.hi;
      this.texScale = texture.scale;
    }
    this.opacity = opacity;
  }
}

type V3 = readonly [number, number, number];

function setBox(prim: Prim, lo: V3, hi: V3): Prim {
  prim.lo.set(lo);
  prim.hi.set(hi);
  return prim;
}

export interface Style {
  readonly tissue: Tissue;
  readonly texture?: Texture;
  readonly opacity?: number;
}

/** Axis-aligned ellipsoid: centre c, radii r. */
export function ellipsoid(name: string, style: Style, c: V3, r: V3): Prim {
  const prim = new Prim(Kind.Ellipsoid, name, style.tissue, style.texture, style.opacity);
  prim.p.set([c[0], c[1], c[2], r[0], r[1], r[2]]);
  return setBox(prim, [c[0] - r[0], c[1] - r[1], c[2] - r[2]], [c[0] + r[0], c[1] + r[1], c[2] + r[2]]);
}

/** Axis-aligned box with rounded edges: centre c, half extents h (including the rounding), radius rr. */
export function roundBox(name: string, style: Style, c: V3, h: V3, rr: number): Prim {
  const prim = new Prim(Kind.RoundBox, name, style.tissue, style.texture, style.opacity);
  prim.p.set([c[0], c[1], c[2], h[0], h[1], h[2], Math.min(rr, h[0], h[1], h[2])]);
  return setBox(prim, [c[0] - h[0], c[1] - h[1], c[2] - h[2]], [c[0] + h[0], c[1] + h[1], c[2] + h[2]]);
}

/** Segment a-b with radius r. */
export function capsule(name: string, style: Style, a: V3, b: V3, r: number): Prim {
  const prim = new Prim(Kind.Capsule, name, style.tissue, style.texture, style.opacity);
  prim.p.set([a[0], a[1], a[2], b[0] - a[0], b[1] - a[1], b[2] - a[2], r]);
  return setBox(
    prim,
    [Math.min(a[0], b[0]) - r, Math.min(a[1], b[1]) - r, Math.min(a[2], b[2]) - r],
    [Math.max(a[0], b[0]) + r, Math.max(a[1], b[1]) + r, Math.max(a[2], b[2]) + r],
  );
}

/**
 * A 2D capsule (segment (u0,v0)-(u1,v1), radius r) in the plane of axes (u, v), extruded along axis e
 * over [e0, e1] with edge rounding rr.
 */
export function extruded(
  name: string,
  style: Style,
  axes: readonly [number, number, number],
  seg: readonly [number, number, number, number],
  r: number,
  eRange: readonly [number, number],
  rr = 1,
): Prim {
  const prim = new Prim(Kind.Extruded, name, style.tissue, style.texture, style.opacity);
  const [u, v, e] = axes;
  const [u0, v0, u1, v1] = seg;
  const round = Math.min(rr, r, (eRange[1] - eRange[0]) / 2);
  prim.p.set([u, v, e, u0, v0, u1 - u0, v1 - v0, r, (eRange[0] + eRange[1]) / 2, (eRange[1] - eRange[0]) / 2, round]);
  const lo = [0, 0, 0];
  const hi = [0, 0, 0];
  lo[u] = Math.min(u0, u1) - r;
  hi[u] = Math.max(u0, u1) + r;
  lo[v] = Math.min(v0, v1) - r;
  hi[v] = Math.max(v0, v1) + r;
  lo[e] = eRange[0];
  hi[e] = eRange[1];
  return setBox(prim, lo as unknown as V3, hi as unknown as V3);
}

export interface TubeEnd {
  readonly s: number;
  readonly cx: number;
  readonly cw: number;
  /** Half width in x. */
  readonly rx: number;
  /** Half depth towards anterior (w < cw) and posterior (w > cw). */
  readonly ra: number;
  readonly rp: number;
}

/**
 * A tube along s from end a to end b: cross-section an ellipse (exponent 2) or a superellipse (exponent 4,
 * squarer) in (x, w), separately for the anterior and posterior halves; caps rounded by rr.
 */
export function tube(
  name: string,
  style: Style,
  a: TubeEnd,
  b: TubeEnd,
  exponents: { anterior: 2 | 4; posterior: 2 | 4 } = { anterior: 2, posterior: 2 },
  rr = 1,
): Prim {
  const prim = new Prim(Kind.Tube, name, style.tissue, style.texture, style.opacity);
  const len = b.s - a.s;
  prim.p.set([
    a.s,
    len,
    a.cx,
    b.cx - a.cx,
    a.cw,
    b.cw - a.cw,
    a.rx,
    b.rx - a.rx,
    a.ra,
    b.ra - a.ra,
    a.rp,
    b.rp - a.rp,
    exponents.anterior,
    exponents.posterior,
    Math.min(rr, len / 2, Math.min(a.rx, b.rx, a.ra, b.ra, a.rp, b.rp) / 2),
  ]);
  return setBox(
    prim,
    [a.s, Math.min(a.cx - a.rx, b.cx - b.rx), Math.min(a.cw - a.ra, b.cw - b.ra)],
    [b.s, Math.max(a.cx + a.rx, b.cx + b.rx), Math.max(a.cw + a.rp, b.cw + b.rp)],
  );
}

/** 2D (super)ellipse distance approximation at normalised offset (u = dx / rx, v = dw / rw). */
function ellipse2(dx: number, dw: number, rx: number, rw: number, n: number): number {
  if (n === 2) {
    const k0 = Math.sqrt((dx * dx) / (rx * rx) + (dw * dw) / (rw * rw));
    const k1 = Math.sqrt((dx * dx) / (rx * rx * rx * rx) + (dw * dw) / (rw * rw * rw * rw));
    return k1 === 0 ? -Math.min(rx, rw) : (k0 * (k0 - 1)) / k1;
  }
  const u = dx / rx;
  const v = dw / rw;
  const u2 = u * u;
  const v2 = v * v;
  const f = u2 * u2 + v2 * v2;
  if (f === 0) return -Math.min(rx, rw);
  const q = Math.sqrt(Math.sqrt(f));
  const f34 = q * q * q;
  const gx = (u2 * u) / rx;
  const gw = (v2 * v) / rw;
  const g = Math.sqrt(gx * gx + gw * gw) / f34;
  return (q - 1) / g;
}

/** Signed distance (mm) of point (s, x, w) to the primitive. */
export function sdf(prim: Prim, s: number, x: number, w: number): number {
  const p = prim.p;
  switch (prim.kind) {
    case Kind.Ellipsoid: {
      const ds = s - (p[0] as number);
      const dx = x - (p[1] as number);
      const dw = w - (p[2] as number);
      const rs = p[3] as number;
      const rx = p[4] as number;
      const rw = p[5] as number;
      const k0 = Math.sqrt((ds * ds) / (rs * rs) + (dx * dx) / (rx * rx) + (dw * dw) / (rw * rw));
      const k1 = Math.sqrt((ds * ds) / (rs * rs * rs * rs) + (dx * dx) / (rx * rx * rx * rx) + (dw * dw) / (rw * rw * rw * rw));
      return k1 === 0 ? -Math.min(rs, rx, rw) : (k0 * (k0 - 1)) / k1;
    }
    case Kind.RoundBox: {
      const r = p[6] as number;
      const qs = Math.abs(s - (p[0] as number)) - (p[3] as number) + r;
      const qx = Math.abs(x - (p[1] as number)) - (p[4] as number) + r;
      const qw = Math.abs(w - (p[2] as number)) - (p[5] as number) + r;
      const ms = qs > 0 ? qs : 0;
      const mx = qx > 0 ? qx : 0;
      const mw = qw > 0 ? qw : 0;
      const inner = Math.max(qs, qx, qw);
      return Math.sqrt(ms * ms + mx * mx + mw * mw) + (inner < 0 ? inner : 0) - r;
    }
    case Kind.Capsule: {
      const as = s - (p[0] as number);
      const ax = x - (p[1] as number);
      const aw = w - (p[2] as number);
      const bs = p[3] as number;
      const bx = p[4] as number;
      const bw = p[5] as number;
      const bb = bs * bs + bx * bx + bw * bw;
      let h = bb === 0 ? 0 : (as * bs + ax * bx + aw * bw) / bb;
      h = h < 0 ? 0 : h > 1 ? 1 : h;
      const es = as - bs * h;
      const ex = ax - bx * h;
      const ew = aw - bw * h;
      return Math.sqrt(es * es + ex * ex + ew * ew) - (p[6] as number);
    }
    case Kind.Extruded: {
      const ui = p[0] as number;
      const vi = p[1] as number;
      const c0 = ui === 0 ? s : ui === 1 ? x : w;
      const c1 = vi === 0 ? s : vi === 1 ? x : w;
      const ei = p[2] as number;
      const ce = ei === 0 ? s : ei === 1 ? x : w;
      const au = c0 - (p[3] as number);
      const av = c1 - (p[4] as number);
      const bu = p[5] as number;
      const bv = p[6] as number;
      const bb = bu * bu + bv * bv;
      let h = bb === 0 ? 0 : (au * bu + av * bv) / bb;
      h = h < 0 ? 0 : h > 1 ? 1 : h;
      const eu = au - bu * h;
      const ev = av - bv * h;
      const d2 = Math.sqrt(eu * eu + ev * ev) - (p[7] as number);
      const de = Math.abs(ce - (p[8] as number)) - (p[9] as number);
      return roundIntersect(d2, de, p[10] as number);
    }
    case Kind.Tube: {
      const len = p[1] as number;
      let t = (s - (p[0] as number)) / len;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const cx = (p[2] as number) + t * (p[3] as number);
      const cw = (p[4] as number) + t * (p[5] as number);
      const rx = (p[6] as number) + t * (p[7] as number);
      const dw = w - cw;
      let rw: number;
      let n: number;
      if (dw < 0) {
        rw = (p[8] as number) + t * (p[9] as number);
        n = p[12] as number;
      } else {
        rw = (p[10] as number) + t * (p[11] as number);
        n = p[13] as number;
      }
      const d2 = ellipse2(x - cx, dw, rx, rw, n);
      const ds = Math.abs(s - (p[0] as number) - len / 2) - len / 2;
      return roundIntersect(d2, ds, p[14] as number);
    }
  }
  return Infinity;
}

/** Intersection of two solids with the outer edge rounded by r. */
function roundIntersect(a: number, b: number, r: number): number {
  if (r <= 0) return a > b ? a : b;
  const qa = a + r;
  const qb = b + r;
  const ma = qa > 0 ? qa : 0;
  const mb = qb > 0 ? qb : 0;
  const inner = qa > qb ? qa : qb;
  return Math.sqrt(ma * ma + mb * mb) + (inner < 0 ? inner : 0) - r;
}
