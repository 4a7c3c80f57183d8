/**
 * The spine centre line of the phantom and its curvilinear "spine coordinates".
 *
 * The centre line lies in the patient's mid-sagittal plane (x = x0) and is a G1-continuous chain of
 * straight lines and circular arcs in (y, z) (LPS, mm): a lumbar lordosis, a sharper lumbosacral bend and a
 * sacral kyphosis. Spine coordinates of a patient point are (s, x, w):
 * - s: arc length along the centre line, increasing towards the feet;
 * - x: patient x minus x0 (positive = patient left);
 * - w: signed distance from the centre line along its posterior normal (positive = posterior).
 * The anatomy is modelled as straight shapes in (s, x, w); the curve bends it into a lordotic spine.
 * Tangent at angle a: t = (y: sin a, z: -cos a); posterior normal n = (y: cos a, z: sin a).
 */

export interface CurvePiece {
  /** Arc-length range; the first piece starts at -Infinity, the last ends at +Infinity (straight lines). */
  readonly s0: number;
  readonly s1: number;
  /** Position and tangent angle at s0 (for the first, unbounded piece: at s1, see `anchorS`). */
  readonly y0: number;
  readonly z0: number;
  readonly alpha0: number;
  /** Curvature d(alpha)/ds in 1/mm; 0 for a straight piece. */
  readonly kappa: number;
  /** The arc length where (y0, z0, alpha0) hold (s0, or s1 for the first unbounded piece). */
  readonly anchorS: number;
}

export interface CurveSegmentSpec {
  /** Arc length where this curvature starts (the first spec starts the chain). */
  readonly s: number;
  readonly kappa: number;
}

/** Spine coordinates written by `project` (reused to avoid allocation). */
export interface SpinePoint {
  s: number;
  w: number;
}

function wrapAngle(a: number): number {
  let r = a % (2 * Math.PI);
  if (r > Math.PI) r -= 2 * Math.PI;
  if (r <= -Math.PI) r += 2 * Math.PI;
  return r;
}

export class SpineCurve {
  readonly x0: number;
  readonly pieces: readonly CurvePiece[];

  /** Per piece: [y, z, cos a, sin a] at s0 and at s1 (NaN for infinite ends), for clamped projections. */
  private readonly ends: Float64Array;

  constructor(x0: number, pieces: readonly CurvePiece[]) {
    this.x0 = x0;
    this.pieces = pieces;
    this.ends = new Float64Array(pieces.length * 8);
    pieces.forEach((p, i) => {
      for (const [k, s] of [
        [0, p.s0],
        [4, p.s1],
      ] as const) {
        if (!Number.isFinite(s)) {
          this.ends.fill(NaN, i * 8 + k, i * 8 + k + 4);
          continue;
        }
        const f = pieceAt(p, s);
        this.ends.set([f.y, f.z, Math.cos(f.alpha), Math.sin(f.alpha)], i * 8 + k);
      }
    });
  }

  /**
   * Builds a chain: a straight line before `segments[0].s`, then the given curvatures, then a straight line
   * after `end`. The chain is placed so that at `anchor.s` it passes through (anchor.y, anchor.z) with
   * tangent angle `anchor.alpha`.
   */
  static build(
    x0: number,
    segments: readonly CurveSegmentSpec[],
    end: number,
    anchor: { s: number; y: number; z: number; alpha: number },
  ): SpineCurve {
    // Integrate from an arbitrary start, then rotate/translate so the anchor matches.
    const raw: CurvePiece[] = [];
    const first = segments[0];
    if (!first) throw new Error('SpineCurve.build: no segments');
    let y = 0;
    let z = 0;
    let alpha = 0;
    raw.push({ s0: -Infinity, s1: first.s, y0: 0, z0: 0, alpha0: 0, kappa: 0, anchorS: first.s });
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] as CurveSegmentSpec;
      const s1 = segments[i + 1]?.s ?? end;
      raw.push({ s0: seg.s, s1, y0: y, z0: z, alpha0: alpha, kappa: seg.kappa, anchorS: seg.s });
      const next = pieceAt(raw[raw.length - 1] as CurvePiece, s1);
      y = next.y;
      z = next.z;
      alpha = next.alpha;
    }
    raw.push({ s0: end, s1: Infinity, y0: y, z0: z, alpha0: alpha, kappa: 0, anchorS: end });
    const tmp = new SpineCurve(x0, raw);
    const at = tmp.frameAt(anchor.s);
    const rot = anchor.alpha - at.alpha;
    const c = Math.cos(rot);
    const sn = Math.sin(rot);
    const pieces = raw.map((p) => {
      const dy = p.y0 - at.y;
      const dz = p.z0 - at.z;
      return {
        ...p,
        y0: anchor.y + c * dy - sn * dz,
        z0: anchor.z + sn * dy + c * dz,
        alpha0: p.alpha0 + rot,
      };
    });
    return new SpineCurve(x0, pieces);
  }

  private pieceIndex(s: number): number {
    for (let i = 0; i < this.pieces.length; i++) {
      if (s <= (this.pieces[i] as CurvePiece).s1) return i;
    }
    return this.pieces.length - 1;
  }

  /** Position (y, z) and tangent angle of the centre line at arc length s. */
  frameAt(s: number): { y: number; z: number; alpha: number } {
    return pieceAt(this.pieces[this.pieceIndex(s)] as CurvePiece, s);
  }

  /** Patient LPS point of spine coordinates (s, x, w). */
  toPatient(s: number, x: number, w: number): [number, number, number] {
    const f = this.frameAt(s);
    return [this.x0 + x, f.y + w * Math.cos(f.alpha), f.z + w * Math.sin(f.alpha)];
  }

  /** Spine (s, w) of the patient point (., y, z): nearest point of the chain; continuous across pieces. */
  project(y: number, z: number, out: SpinePoint): SpinePoint {
    let best = Infinity;
    const pieces = this.pieces;
    for (let pi = 0; pi < pieces.length; pi++) {
      const p = pieces[pi] as CurvePiece;
      let s: number;
      let w: number;
      let dist: number;
      if (p.kappa === 0) {
        const ty = Math.sin(p.alpha0);
        const tz = -Math.cos(p.alpha0);
        const dy = y - p.y0;
        const dz = z - p.z0;
        const along = dy * ty + dz * tz;
        s = p.anchorS + along;
        if (s >= p.s0 && s <= p.s1) {
          w = dy * Math.cos(p.alpha0) + dz * Math.sin(p.alpha0);
          dist = Math.abs(w);
        } else {
          this.clampedProjection(pi, s < p.s0, y, z);
          s = scratch.s;
          w = scratch.w;
          dist = scratch.dist;
        }
      } else {
        const rho = 1 / p.kappa;
        // Centre of curvature: P0 + n0 * rho.
        const cy = p.y0 + Math.cos(p.alpha0) * rho;
        const cz = p.z0 + Math.sin(p.alpha0) * rho;
        const vy = y - cy;
        const vz = z - cz;
        const r = Math.sqrt(vy * vy + vz * vz);
        const sign = rho > 0 ? 1 : -1;
        const a = Math.atan2(-sign * vz, -sign * vy);
        s = p.s0 + wrapAngle(a - p.alpha0) / p.kappa;
        if (s >= p.s0 && s <= p.s1) {
          w = rho - sign * r;
          dist = Math.abs(w);
        } else {
          this.clampedProjection(pi, s < p.s0, y, z);
          s = scratch.s;
          w = scratch.w;
          dist = scratch.dist;
        }
      }
      if (dist < best) {
        best = dist;
        out.s = s;
        out.w = w;
      }
    }
    return out;
  }

  /** Spine coordinates relative to an end point of piece `pi` (for points beyond its ends), into `scratch`. */
  private clampedProjection(pi: number, atStart: boolean, y: number, z: number): void {
    const p = this.pieces[pi] as CurvePiece;
    const o = pi * 8 + (atStart ? 0 : 4);
    const e = this.ends;
    const dy = y - (e[o] as number);
    const dz = z - (e[o + 1] as number);
    const ca = e[o + 2] as number;
    const sa = e[o + 3] as number;
    scratch.s = (atStart ? p.s0 : p.s1) + dy * sa - dz * ca;
    scratch.w = dy * ca + dz * sa;
    scratch.dist = Math.sqrt(dy * dy + dz * dz);
  }
}

function pieceAt(p: CurvePiece, s: number): { y: number; z: number; alpha: number } {
  const ds = s - p.anchorS;
  if (p.kappa === 0) {
    return { y: p.y0 + ds * Math.sin(p.alpha0), z: p.z0 - ds * Math.cos(p.alpha0), alpha: p.alpha0 };
  }
  const alpha = p.alpha0 + p.kappa * ds;
  return {
    y: p.y0 + (Math.cos(p.alpha0) - Math.cos(alpha)) / p.kappa,
    z: p.z0 + (Math.sin(p.alpha0) - Math.sin(alpha)) / p.kappa,
    alpha,
  };
}

const scratch = { s: 0, w: 0, dist: 0 };
