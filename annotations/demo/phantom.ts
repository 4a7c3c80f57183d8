/**
 * The 3D lumbar phantom of one study: the anatomy turned into an ordered list of shape primitives.
 *
 * Pure. The list is painted in order (later primitives cover earlier ones), so the order encodes anatomy:
 * body wall and fat, viscera, muscles (psoas, paraspinals, pelvic), vessels, kidneys, canal fat, vertebral
 * bodies and discs, foramina, posterior elements, sacrum and iliac wings, ligamentum flavum, dural sac,
 * cord and roots, then the pathology of each graded level (canal compressors, lateral recesses, foraminal
 * roots). Invariants: a label's grade changes only the primitives near its landmark (and the hydration of
 * that level's disc); a Normal/Mild level keeps CSF around the roots at the canal point, fat around the
 * exiting root at the foraminal point and an open recess around the traversing root at the subarticular
 * point.
 */
import { POSTERIOR_WALL as BP, SIDE_SIGN, type Anatomy, type Disc, type LevelAnatomy, type Side, type Vertebra } from './anatomy.js';
import { capsule, ellipsoid, extruded, roundBox, S, tube, W, X, type Prim, type Style, type Tissue, type TubeEnd } from './primitives.js';
import { TISSUE } from './tissues.js';

export interface Phantom {
  readonly anatomy: Anatomy;
  readonly prims: readonly Prim[];
}

const SIDES: readonly Side[] = ['left', 'right'];
const st = (tissue: Tissue, opacity = 1): Style => ({ tissue, opacity });
const mix = (a: Tissue, b: Tissue, f: number): Tissue => ({ t1: a.t1 + (b.t1 - a.t1) * f, t2: a.t2 + (b.t2 - a.t2) * f });

const MARROW: Style = {
  tissue: TISSUE.marrow,
  texture: { alt: mix(TISSUE.marrow, TISSUE.fattyMarrow, 0.6), lo: 0.3, hi: 1, scale: 3.5 },
};
const CORTEX: Style = st(TISSUE.cortex);
const MUSCLE: Style = { tissue: TISSUE.muscle, texture: { alt: mix(TISSUE.muscle, TISSUE.fat, 0.2), lo: 0.45, hi: 0.95, scale: 3 } };

/**
 * A chain of tubes through control points (centre and radii lerped between consecutive points). Inner
 * joints overlap by the cap rounding so no seam shows where two segments meet.
 */
function chain(out: Prim[], name: string, style: Style, points: readonly TubeEnd[], rr = 1): void {
  const last = points.length - 2;
  for (let i = 0; i <= last; i++) {
    const a = points[i] as TubeEnd;
    const b = points[i + 1] as TubeEnd;
    const pad = rr + 0.5;
    const a2 = i > 0 ? extendEnd(a, b, -pad) : a;
    const b2 = i < last ? extendEnd(b, a, pad) : b;
    out.push(tube(name, style, a2, b2, { anterior: 2, posterior: 2 }, rr));
  }
}

/** Moves tube end `e` along s by `ds`, extrapolating its centre and radii linearly from `other`. */
function extendEnd(e: TubeEnd, other: TubeEnd, ds: number): TubeEnd {
  const f = ds / (e.s - other.s);
  const lerp = (k: keyof TubeEnd): number => e[k] + (e[k] - other[k]) * f;
  return { s: e.s + ds, cx: lerp('cx'), cw: lerp('cw'), rx: lerp('rx'), ra: lerp('ra'), rp: lerp('rp') };
}

const end = (s: number, cx: number, cw: number, rx: number, ra: number, rp = ra): TubeEnd => ({ s, cx, cw, rx, ra, rp });

/** Builds the phantom of a study from its anatomy. */
export function buildPhantom(anatomy: Anatomy): Phantom {
  const prims: Prim[] = [];
  const { vertebrae, discs, levels, sac } = anatomy;
  const v = (name: string): Vertebra => vertebrae.find((x) => x.name === name) as Vertebra;
  const mid = (x: Vertebra): number => (x.sTop + x.sBottom) / 2;
  const height = (x: Vertebra): number => x.sBottom - x.sTop;
  const first = vertebrae[0] as Vertebra;
  const last = vertebrae[vertebrae.length - 1] as Vertebra;
  const sMin = first.sTop - 400;
  const sMax = last.sBottom + 400;
  const lumbarish = vertebrae.filter((x) => x.region === 'thoracic' || x.region === 'lumbar');

  // --- Body wall: skin, subcutaneous fat (everything not otherwise covered inside is fat).
  const flatBack = { anterior: 2, posterior: 4 } as const;
  prims.push(tube('skin', st(TISSUE.skin), end(sMin, 0, -20, 165, 260, 108), end(sMax, 0, -20, 165, 260, 108), flatBack));
  prims.push(tube('body fat', st(TISSUE.fat), end(sMin, 0, -20, 162.5, 257, 105.5), end(sMax, 0, -20, 162.5, 257, 105.5), flatBack));

  // --- Abdominal and pelvic contents in front of the spine: bowel loops mixed with mesenteric fat.
  prims.push(
    tube(
      'viscera',
      { tissue: TISSUE.bowel, texture: { alt: mix(TISSUE.bowel, TISSUE.fat, 0.42), lo: 0.38, hi: 0.78, scale: 14 } },
      end(sMin, 0, -150, 135, 200, 123),
      end(sMax, 0, -150, 135, 200, 123),
    ),
  );

  // --- Muscles.
  for (const side of SIDES) {
    const sg = SIDE_SIGN[side];
    const psoasAt = (name: string, dx: number, cw: number, rx: number, rw: number, at: 'mid' | 'bottom' = 'mid'): TubeEnd => {
      const vert = v(name);
      return end(at === 'mid' ? mid(vert) : vert.sBottom, sg * (vert.halfWidth + dx), cw, rx, rw);
    };
    chain(prims, `psoas ${side}`, MUSCLE, [
      psoasAt('T12', 2, 4, 2.5, 2.5, 'bottom'),
      psoasAt('L1', 6, 2, 7, 6),
      psoasAt('L2', 10, 0, 12, 10),
      psoasAt('L3', 14, -2, 16.5, 13.5),
      psoasAt('L4', 18, -4, 20, 16),
      psoasAt('L5', 22, -7, 22, 17),
      psoasAt('S1', 28, -12, 21, 16),
      psoasAt('S2', 32, -18, 17, 13, 'bottom'),
    ]);
    chain(prims, `quadratus lumborum ${side}`, MUSCLE, [
      end(v('T12').sBottom, sg * 48, 20, 4, 3),
      end(mid(v('L1')), sg * 50, 20, 9, 6.5),
      end(mid(v('L3')), sg * 53, 20, 13, 7.5),
      end(v('L5').sTop, sg * 52, 19, 8, 5),
    ]);
    chain(prims, `erector spinae ${side}`, MUSCLE, [
      end(sMin + 300, sg * 33, 45, 19, 15),
      end(mid(v('L1')), sg * 38, 46, 24, 18),
      end(mid(v('L3')), sg * 41, 47, 26, 19.5),
      end(mid(v('L5')), sg * 37, 47, 23, 17),
      end(mid(v('S1')), sg * 30, 48, 15, 11),
      end(mid(v('S3')), sg * 22, 42, 9, 5),
    ]);
    // Fat plane between erector spinae and multifidus.
    prims.push(
      extruded(
        `paraspinal fat plane ${side}`,
        st(TISSUE.fat),
        [X, W, S],
        [sg * 22, BP + 21, sg * 29, BP + 60],
        0.9,
        [v('T12').sTop, mid(v('S1'))],
        3,
      ),
    );
    chain(prims, `multifidus ${side}`, MUSCLE, [
      end(sMin + 300, sg * 10, 48, 6, 9.5),
      end(mid(v('L1')), sg * 12, 51, 9, 12),
      end(mid(v('L3')), sg * 13.5, 52, 11, 14),
      end(mid(v('L5')), sg * 14.5, 52, 12, 14),
      end(mid(v('S1')), sg * 12, 52, 10, 9.5),
      end(mid(v('S3')), sg * 8, 39, 6, 5),
    ]);
  }

  // --- Pelvic muscles around the iliac wings (the wings themselves are drawn with the bones).
  for (const side of SIDES) {
    const sg = SIDE_SIGN[side];
    const top = v('L5').sTop;
    const bottom = v('S2').sBottom + 25;
    prims.push(extruded(`iliacus ${side}`, MUSCLE, [X, W, S], [sg * 42, 13, sg * 95, -49], 9, [top + 12, bottom], 6));
    prims.push(extruded(`gluteus medius ${side}`, MUSCLE, [X, W, S], [sg * 66, 34, sg * 119, -28], 14, [top + 10, bottom], 8));
    prims.push(
      extruded(`gluteus maximus ${side}`, MUSCLE, [X, W, S], [sg * 42, 55, sg * 112, 38], 15, [mid(v('S1')), v('Co2').sBottom + 30], 10),
    );
  }

  // --- Great vessels in front of the spine (flow voids).
  const aortaPts = [...lumbarish.filter((x) => x.sTop <= v('L4').sTop)].map((x) => end(mid(x), 13, -(x.antDepth + 12), 10, 10));
  chain(prims, 'aorta', st(TISSUE.aorta), [end(sMin + 250, 13, -(first.antDepth + 12), 10, 10), ...aortaPts]);
  const ivcPts = lumbarish.map((x) => end(mid(x), -19, -(x.antDepth + 9), 12, 8));
  chain(prims, 'inferior vena cava', st(TISSUE.vein), [end(sMin + 250, -19, -(first.antDepth + 9), 12, 8), ...ivcPts]);
  const l4 = v('L4');
  const l5 = v('L5');
  const s1 = v('S1');
  for (const side of SIDES) {
    const sg = SIDE_SIGN[side];
    prims.push(
      capsule(
        `common iliac artery ${side}`,
        st(TISSUE.aorta),
        [mid(l4), 13, -(l4.antDepth + 12)],
        [mid(s1), sg * 40, -(s1.antDepth + 10)],
        6,
      ),
    );
    prims.push(
      capsule(
        `common iliac vein ${side}`,
        st(TISSUE.vein),
        [mid(l5), -19 + sg * 6, -(l5.antDepth + 8)],
        [s1.sBottom, sg * 36, -(s1.antDepth + 4)],
        6.5,
      ),
    );
  }

  // --- Kidneys beside the upper lumbar spine.
  for (const side of SIDES) {
    const sg = SIDE_SIGN[side];
    const top = v('T12');
    const bottom = v('L2');
    const sc = (mid(top) + bottom.sBottom) / 2 + (side === 'right' ? 12 : 0);
    prims.push(ellipsoid(`kidney capsule ${side}`, st(mix(TISSUE.fat, TISSUE.muscle, 0.2)), [sc, sg * 80, -4], [52, 26, 23]));
    prims.push(
      ellipsoid(
        `kidney ${side}`,
        { tissue: { t1: 0.42, t2: 0.62 }, texture: { alt: { t1: 0.3, t2: 0.78 }, lo: 0.5, hi: 0.8, scale: 6 } },
        [sc, sg * 80, -4],
        [50, 24, 21],
      ),
    );
  }

  // --- Interspinous and supraspinous ligaments (behind everything bony in the midline).
  for (let i = 0; i + 1 < lumbarish.length; i++) {
    const a = lumbarish[i] as Vertebra;
    const b = lumbarish[i + 1] as Vertebra;
    const s0 = a.sTop + 0.5 * height(a);
    const s1b = b.sTop + 0.5 * height(b);
    prims.push(
      roundBox(
        `interspinous ${a.name}/${b.name}`,
        st(mix(TISSUE.ligament, TISSUE.fat, 0.45)),
        [(s0 + s1b) / 2, 0, 51],
        [(s1b - s0) / 2, 1.6, 11],
        1.5,
      ),
    );
  }

  // --- Canal: epidural fat (carved later by the bony ring) along the whole canal, narrowing in the sacrum.
  const cw = sac.centerW;
  const canalFat: TubeEnd[] = [
    end(sMin + 300, 0, cw + 1.5, 11, cw + 1.5 - (BP + 0.2), 11),
    end(mid(v('L1')), 0, cw + 1.5, sac.halfWidth + 4, cw + 1.5 - (BP + 0.2), 12),
    end(mid(l5), 0, cw + 1.5, sac.halfWidth + 4.5, cw + 1.5 - (BP + 0.2), 12),
    end(mid(s1), 0, cw, 12, cw - (BP + 0.2), 9),
    end(mid(v('S2')), 0, BP + 6, 10, 5.8, 5),
    end(mid(v('S3')), 0, BP + 4.5, 8, 4.3, 3.5),
    end(v('S4').sBottom, 0, BP + 3, 5, 2.8, 2),
  ];
  chain(prims, 'epidural fat', st(TISSUE.epiduralFat), canalFat, 2);

  // --- Vertebral bodies.
  for (const vert of vertebrae) {
    const a = vert.halfWidth;
    const ba = Math.max(vert.antDepth, -BP + 6);
    const s0 = vert.sTop;
    const s1e = vert.sBottom;
    const shape = (inset: number): [TubeEnd, TubeEnd] => [
      end(s0 + inset, 0, 0, a - inset, ba - inset, BP - inset),
      end(s1e - inset, 0, 0, a - inset, ba - inset, BP - inset),
    ];
    const [c0, c1] = shape(0);
    prims.push(tube(`${vert.name} cortex`, CORTEX, c0, c1, { anterior: 2, posterior: 4 }, 2.5));
    const [m0, m1] = shape(1.3);
    prims.push(tube(`${vert.name} marrow`, MARROW, m0, m1, { anterior: 2, posterior: 4 }, 2));
    if (vert.region === 'thoracic' || vert.region === 'lumbar') {
      prims.push(ellipsoid(`${vert.name} basivertebral vein`, st(TISSUE.basivertebralVein), [(s0 + s1e) / 2, 0, BP - 3.2], [2, 2.6, 3.4]));
    }
  }

  // --- Discs: annulus, nucleus (dark when degenerated), intranuclear cleft.
  for (const disc of discs) {
    const up = vertebrae[disc.upper] as Vertebra;
    const lo = vertebrae[disc.upper + 1] as Vertebra;
    const h = disc.sBottom - disc.sTop;
    const a = Math.max(up.halfWidth, lo.halfWidth) + 0.8;
    const ba = Math.max(up.antDepth, lo.antDepth, -BP + 6) + 1;
    const rudimentary = up.region === 'sacral' || up.region === 'coccygeal';
    const annulus = rudimentary ? mix(TISSUE.annulus, TISSUE.cortex, 0.3) : TISSUE.annulus;
    prims.push(
      tube(
        `${disc.name} annulus`,
        st(annulus),
        end(disc.sTop, 0, 0, a, ba, BP + 0.6),
        end(disc.sBottom, 0, 0, a, ba, BP + 0.6),
        { anterior: 2, posterior: 4 },
        1,
      ),
    );
    if (!rudimentary) addNucleus(prims, disc, up, lo, h);
  }

  // --- Longitudinal ligaments (thin dark bands on the front and back of bodies and discs).
  prims.push(
    extruded('posterior longitudinal ligament', st(TISSUE.ligament), [X, W, S], [-7, BP + 0.7, 7, BP + 0.7], 0.7, [
      first.sTop,
      v('S2').sBottom,
    ]),
  );

  // --- Neural foramina: perineural fat (or encroaching tissue) before the bony borders are drawn.
  for (const lv of levels) {
    for (const side of SIDES) addForamen(prims, lv, side);
  }

  // --- Posterior elements.
  for (let i = 0; i < vertebrae.length; i++) {
    const vert = vertebrae[i] as Vertebra;
    if (vert.region === 'coccygeal') continue;
    const above = vertebrae[i - 1];
    const below = vertebrae[i + 1];
    addPosteriorElements(prims, vert, above, below);
  }
  addSacrum(prims, anatomy);

  // --- Ligamentum flavum (both sides of every disc from T10/T11 to L5/S1).
  for (const disc of discs) {
    const up = vertebrae[disc.upper] as Vertebra;
    const lo = vertebrae[disc.upper + 1] as Vertebra;
    if (up.region !== 'thoracic' && up.region !== 'lumbar') continue;
    for (const side of SIDES) prims.push(flavum(`${disc.name} flavum ${side}`, up, lo, SIDE_SIGN[side], 1.8));
  }

  // --- Dural sac (dura, CSF), spinal cord and conus, cauda equina.
  const sacPts = (grow: number): TubeEnd[] => [
    end(sMin + 300, 0, cw - 0.5, 7.5 + grow, 6 + grow),
    end(mid(v('T12')), 0, cw - 0.3, 8.5 + grow, 6.5 + grow),
    end(v('L1').sTop, 0, cw, sac.halfWidth + grow, sac.halfDepth + grow),
    end(l5.sTop, 0, cw, sac.halfWidth + grow, sac.halfDepth + grow),
    end(l5.sBottom, 0, cw - 0.3, sac.halfWidth - 1 + grow, sac.halfDepth - 0.5 + grow),
    end(mid(s1), 0, cw - 1.5, 7 + grow, 5.5 + grow),
    end(anatomy.sacEndS, 0, BP + 7, 1.5 + grow, 1.5 + grow),
  ];
  chain(prims, 'dura', st(TISSUE.dura), sacPts(0.7), 1.5);
  chain(prims, 'CSF', st(TISSUE.csf), sacPts(0), 1.5);
  chain(prims, 'spinal cord', st(TISSUE.cord), [
    end(sMin + 300, 0, cw - 1, 4.6, 3.8),
    end(mid(v('T12')), 0, cw - 0.8, 5.2, 4.1),
    end(anatomy.conusTipS - 6, 0, cw - 0.5, 3, 2.6),
    end(anatomy.conusTipS, 0, cw - 0.3, 0.6, 0.6),
  ]);
  addRoots(prims, anatomy);

  // --- Pathology of the graded levels.
  for (const lv of levels) addCanalStenosis(prims, anatomy, lv);
  for (const lv of levels) for (const side of SIDES) addRecess(prims, anatomy, lv, side);

  return { anatomy, prims };
}

function addNucleus(prims: Prim[], disc: Disc, up: Vertebra, lo: Vertebra, h: number): void {
  const a = Math.min(up.halfWidth, lo.halfWidth);
  const ba = Math.min(up.antDepth, lo.antDepth);
  const sMid = (disc.sTop + disc.sBottom) / 2;
  const deg = disc.degeneration;
  const depth = ba + BP;
  const cwN = (BP - ba) / 2 + 1.5;
  const shrink = 1 - 0.25 * deg;
  prims.push(
    ellipsoid(
      `${disc.name} nucleus`,
      st(mix(TISSUE.nucleus, TISSUE.degeneratedNucleus, deg)),
      [sMid, 0, cwN],
      [0.4 * h * shrink, 0.6 * a * shrink, 0.42 * depth * shrink],
    ),
  );
  if (deg < 0.5) {
    prims.push(ellipsoid(`${disc.name} cleft`, st(TISSUE.cleft, 0.55), [sMid, 0, cwN], [0.45, 0.5 * a, 0.36 * depth]));
  }
}

/** Ligamentum flavum on one side of a disc: a band along the inner surface of the laminae. */
function flavum(name: string, up: Vertebra, lo: Vertebra, sg: number, radius: number, tissue: Tissue = TISSUE.flavum): Prim {
  const s0 = up.sBottom - 0.35 * (up.sBottom - up.sTop);
  const s1 = lo.sTop + 0.18 * (lo.sBottom - lo.sTop);
  return extruded(name, st(tissue), [X, W, S], [sg * 13, BP + 11.5, sg * 1.2, BP + 20], radius, [s0, s1], 1.5);
}

/** Bone with a dark cortex and marrow inside: `make(inset)` builds the shape shrunk by `inset`. */
function bone(prims: Prim[], make: (style: Style, inset: number) => Prim): void {
  prims.push(make(CORTEX, 0));
  prims.push(make(MARROW, 1.2));
}

/** Superior articular process of `vert` (rises from its pedicle to the joint with the vertebra above). */
function sapSegment(vert: Vertebra, sg: number, medialShift = 0): [number, number, number, number] {
  const xp = vert.pedicleX;
  return [sg * (xp - 1 - medialShift), BP + 6.5, sg * (xp + 6.5 - medialShift), BP + 17.5];
}

function addPosteriorElements(prims: Prim[], vert: Vertebra, above: Vertebra | undefined, below: Vertebra | undefined): void {
  const h = vert.sBottom - vert.sTop;
  const xp = vert.pedicleX;
  const hp = vert.pedicleHalfHeight;
  const isSacral = vert.region === 'sacral';
  if (isSacral && vert.name !== 'S1') return;
  for (const side of SIDES) {
    const sg = SIDE_SIGN[side];
    // Facet joint fluid between this vertebra's inferior process and the superior process below.
    if (below && !isSacral && below.region !== 'coccygeal') {
      const bxp = below.pedicleX;
      const s0 = vert.sTop + 0.86 * h;
      const s1 = below.pedicleS;
      prims.push(
        extruded(
          `${vert.name}/${below.name} facet joint ${side}`,
          st(TISSUE.jointFluid),
          [X, W, S],
          [sg * (bxp - 3), BP + 11.1, sg * (bxp + 3.3), BP + 20.4],
          5.4,
          [s0, s1],
          2,
        ),
      );
    }
    // Pedicle.
    bone(prims, (style, inset) =>
      roundBox(
        `${vert.name} pedicle ${side}`,
        style,
        [vert.pedicleS, sg * xp, BP + 4.5],
        [hp - inset, 4.5 + 0.08 * vert.halfWidth - inset, 9 - inset],
        3,
      ),
    );
    // Superior articular process (up to the joint with the vertebra above).
    if (above) {
      const aH = above.sBottom - above.sTop;
      const seg = sapSegment(vert, sg);
      bone(prims, (style, inset) =>
        extruded(
          `${vert.name} superior articular process ${side}`,
          style,
          [X, W, S],
          seg,
          3.9 - inset,
          [above.sTop + 0.86 * aH + inset, vert.pedicleS + 0.5 * hp - inset],
          2,
        ),
      );
    }
    if (isSacral) continue;
    // Inferior articular process (down to the joint with the vertebra below).
    if (below) {
      const bH = below.sBottom - below.sTop;
      bone(prims, (style, inset) =>
        extruded(
          `${vert.name} inferior articular process ${side}`,
          style,
          [X, W, S],
          [sg * (xp - 5), BP + 15.7, sg * xp, BP + 23.2],
          3.5 - inset,
          [vert.pedicleS + inset, below.sTop + 0.3 * bH - inset],
          2,
        ),
      );
    }
    // Lamina.
    bone(prims, (style, inset) =>
      extruded(
        `${vert.name} lamina ${side}`,
        style,
        [X, W, S],
        [sg * 14, BP + 20.5, sg * 1.5, BP + 25],
        3.6 - inset,
        [vert.pedicleS - 0.6 * hp + inset, vert.sBottom + 3 - inset],
        1.5,
      ),
    );
    // Transverse process.
    const tpLen: Record<string, number> = { T10: 14, T11: 12, T12: 8, L1: 14, L2: 19, L3: 24, L4: 21, L5: 16 };
    const len = tpLen[vert.name] ?? 12;
    const tpR = vert.name === 'L5' ? 4.5 : 3.3;
    const thoracic = vert.region === 'thoracic';
    bone(prims, (style, inset) =>
      capsule(
        `${vert.name} transverse process ${side}`,
        style,
        [vert.pedicleS, sg * (xp + 3), BP + 6],
        [vert.pedicleS + 1.5, sg * (xp + 3 + len), BP + (thoracic ? 14 : 4)],
        tpR - inset,
      ),
    );
  }
  if (isSacral) return;
  // Spinous process (midline): a near-horizontal plate in the lumbar spine, long and sloping in the thoracic.
  if (vert.region === 'thoracic') {
    const r = 0.25 * h;
    bone(prims, (style, inset) =>
      extruded(
        `${vert.name} spinous process`,
        style,
        [S, W, X],
        [vert.sTop + 0.4 * h, BP + 25 + r, vert.sTop + 0.62 * h + 14, BP + 47 - r],
        r - inset,
        [-3.4 + inset, 3.4 - inset],
        1.5,
      ),
    );
  } else {
    const s0 = vert.sTop + 0.22 * h;
    const s1 = vert.sBottom + 1;
    const wEnd = BP + (vert.name === 'L5' ? 44 : 51);
    bone(prims, (style, inset) =>
      roundBox(
        `${vert.name} spinous process`,
        style,
        [(s0 + s1) / 2 + 1, 0, (BP + 25 + wEnd) / 2],
        [(s1 - s0) / 2 - inset, 3.4 - inset, (wEnd - BP - 25) / 2 - inset],
        4,
      ),
    );
  }
}

function addSacrum(prims: Prim[], anatomy: Anatomy): void {
  const v = (name: string): Vertebra => anatomy.vertebrae.find((x) => x.name === name) as Vertebra;
  const s1 = v('S1');
  const s2 = v('S2');
  const l5 = v('L5');
  for (const side of SIDES) {
    const sg = SIDE_SIGN[side];
    bone(prims, (style, inset) =>
      extruded(
        `iliac wing ${side}`,
        style,
        [X, W, S],
        [sg * 52, 22, sg * 105, -40],
        4.5 - inset * 0.6,
        [l5.sTop + 8 + inset, s2.sBottom + 30],
        4,
      ),
    );
    bone(prims, (style, inset) =>
      ellipsoid(`sacral ala ${side}`, style, [(s1.sTop + s2.sBottom) / 2, sg * 32, 5], [24 - inset, 17 - inset, 14 - inset]),
    );
    bone(prims, (style, inset) =>
      ellipsoid(`sacral lateral mass ${side}`, style, [(s2.sTop + s2.sBottom) / 2, sg * 26, 6], [13 - inset, 12 - inset, 12 - inset]),
    );
  }
  // Dorsal plate of the sacrum (fused laminae), closing the sacral canal behind.
  const plates: [string, number, number, number][] = [
    ['S1', BP + 19, BP + 26, 22],
    ['S2', BP + 13.5, BP + 19.5, 19],
    ['S3', BP + 9.5, BP + 14.5, 14],
    ['S4', BP + 6.5, BP + 10.5, 9],
  ];
  for (const [name, w0, w1, hx] of plates) {
    const vert = v(name);
    const hs = (vert.sBottom - vert.sTop) / 2 + 1.5;
    bone(prims, (style, inset) =>
      roundBox(
        `${name} dorsal plate`,
        style,
        [(vert.sTop + vert.sBottom) / 2, 0, (w0 + w1) / 2],
        [hs - inset, hx - inset, (w1 - w0) / 2 - inset],
        2,
      ),
    );
  }
  // Median sacral crest.
  bone(prims, (style, inset) =>
    extruded(
      'median sacral crest',
      style,
      [S, W, X],
      [(s1.sTop + s1.sBottom) / 2, BP + 26, (s2.sTop + s2.sBottom) / 2, BP + 21],
      4 - inset,
      [-3 + inset, 3 - inset],
      1.5,
    ),
  );
}

/** Nerve roots: cauda equina inside the sac, traversing roots in the recesses, exiting roots in the foramina. */
function addRoots(prims: Prim[], anatomy: Anatomy): void {
  const { vertebrae, levels, discs, sac } = anatomy;
  const cw = sac.centerW;
  const v = (name: string): Vertebra => vertebrae.find((x) => x.name === name) as Vertebra;
  const rootStyle = st(TISSUE.root);
  const startS = anatomy.conusTipS - 16;
  const names = ['L1', 'L2', 'L3', 'L4', 'L5', 'S1', 'S2', 'S3', 'S4'];
  for (const side of SIDES) {
    const sg = SIDE_SIGN[side];
    names.forEach((name, q) => {
      // Slot in the sac cross-section: roots that leave first lie anterolateral, the others dorsal.
      const slotX = sg * sac.halfWidth * Math.max(0.1, 0.8 - 0.09 * q);
      const slotW = cw + sac.halfDepth * (-0.05 + 0.075 * q);
      const pts: { p: [number, number, number]; r: number }[] = [];
      if (q < 5) {
        const vert = v(name);
        const lv = levels[q] as LevelAnatomy;
        const f = lv.foramenPoint[side];
        const severe = lv.foramen[side] === 2;
        const abovePrev = q >= 1 ? (levels[q - 1] as LevelAnatomy) : undefined;
        const leaveS = abovePrev ? (discs[abovePrev.discIndex] as Disc).sTop - 14 : vert.pedicleS - 12;
        pts.push({ p: [Math.min(startS, leaveS - 8), sg * 1.5, cw + 1], r: 1 });
        pts.push({ p: [leaveS, slotX, slotW], r: 1.1 });
        if (abovePrev) {
          const rp = abovePrev.recessPoint[side];
          pts.push({ p: [rp.s, rp.x, rp.w - 0.5], r: 1.5 });
        }
        pts.push({ p: [vert.pedicleS, sg * (vert.pedicleX - 6.5), BP + 4.5], r: 1.7 });
        pts.push({ p: [f.s, f.x, f.w], r: severe ? 1.3 : 2.1 });
        pts.push({ p: [f.s + 10, sg * (Math.abs(f.x) + 22), BP - 3], r: severe ? 1.8 : 2.6 });
        if (severe) {
          // Flattened root in an obliterated foramen.
          prims.push(ellipsoid(`${name} root compressed ${side}`, rootStyle, [f.s, f.x, f.w], [1.2, 5, 2.9]));
        }
      } else {
        // Sacral roots run down the sacral canal.
        pts.push({ p: [startS, sg * 1.5, cw + 1], r: 1 });
        const vert = v(name);
        if (name === 'S1') {
          const rp = (levels[4] as LevelAnatomy).recessPoint[side];
          pts.push({ p: [rp.s - 14, slotX, slotW], r: 1.1 });
          pts.push({ p: [rp.s, rp.x, rp.w - 0.5], r: 1.5 });
          pts.push({ p: [(vert.sTop + vert.sBottom) / 2 + 4, sg * 14, BP + 4], r: 1.8 });
        } else {
          pts.push({ p: [anatomy.sacEndS - 6, slotX * 0.5, BP + 7 + (slotW - cw) * 0.3], r: 1 });
          pts.push({ p: [(vert.sTop + vert.sBottom) / 2, sg * 4, BP + 3 + 0.2 * (v('S4').sTop - vert.sTop)], r: 1 });
        }
      }
      for (let i = 0; i + 1 < pts.length; i++) {
        const p0 = pts[i] as { p: [number, number, number]; r: number };
        const p1 = pts[i + 1] as { p: [number, number, number]; r: number };
        prims.push(capsule(`${name} root ${side}`, rootStyle, p0.p, p1.p, (p0.r + p1.r) / 2));
      }
    });
  }
  // Filum terminale in the midline.
  prims.push(capsule('filum terminale', rootStyle, [anatomy.conusTipS, 0, cw + 2.5], [anatomy.sacEndS - 2, 0, BP + 7], 0.75));
}

function addForamen(prims: Prim[], lv: LevelAnatomy, side: Side): void {
  const f = lv.foramenPoint[side];
  const g = lv.foramen[side];
  if (g > 0) {
    prims.push(ellipsoid(`${lv.level} foraminal encroachment ${side}`, st(TISSUE.encroachment), [f.s + 5, f.x, f.w - 1], [11.5, 8.5, 7.8]));
  }
  const fat = st(TISSUE.fat);
  if (g === 0) {
    prims.push(ellipsoid(`${lv.level} foraminal fat ${side}`, fat, [f.s + 2, f.x, f.w], [7, 8.5, 5.8]));
    prims.push(ellipsoid(`${lv.level} foraminal fat low ${side}`, fat, [f.s + 10, f.x, f.w - 1.5], [7.5, 7.5, 4]));
  } else if (g === 1) {
    prims.push(ellipsoid(`${lv.level} foraminal fat rim ${side}`, fat, [f.s - 0.4, f.x, f.w], [3.5, 6.5, 3])); // thin rim
  }
}

const CANAL_BULGE = [1.5, 7, 9.5] as const;
const FLAVUM_BUCKLE = [0, 7.5, 11] as const;
const FLAVUM_THICKENING = [0, 1.5, 2.8] as const;
const CROWDING = [0, 0.35, 0.92] as const;

function addCanalStenosis(prims: Prim[], anatomy: Anatomy, lv: LevelAnatomy): void {
  const disc = anatomy.discs[lv.discIndex] as Disc;
  const up = anatomy.vertebrae[disc.upper] as Vertebra;
  const lo = anatomy.vertebrae[disc.upper + 1] as Vertebra;
  const h = disc.sBottom - disc.sTop;
  const sMid = lv.canalPoint.s;
  const g = lv.canal;
  prims.push(ellipsoid(`${lv.level} disc bulge`, st(TISSUE.annulus), [sMid, 0, BP], [0.55 * h, 11, CANAL_BULGE[g] ?? 0]));
  if (g > 0) {
    // Buckled, thickened flavum bulging forwards from the laminar arch (its back stays at the lamina).
    const t = FLAVUM_BUCKLE[g] ?? 0;
    prims.push(ellipsoid(`${lv.level} flavum buckling`, st(TISSUE.flavum), [sMid - 0.25 * h, 0, BP + 25 - t / 2], [6.5, 10, (t + 3) / 2]));
    for (const side of SIDES) {
      prims.push(flavum(`${lv.level} flavum hypertrophy ${side}`, up, lo, SIDE_SIGN[side], 1.8 + (FLAVUM_THICKENING[g] ?? 0)));
    }
    prims.push(
      ellipsoid(
        `${lv.level} crowded cauda equina`,
        st(TISSUE.crowdedRoots, CROWDING[g]),
        [sMid, 0, anatomy.sac.centerW + 0.5],
        [0.5 * h + 2, 8, 5],
      ),
    );
  }
}

const SAP_GROWTH = [0, 1.0, 2.6] as const;
const SAP_SHIFT = [0, 0.5, 2] as const;
const PROTRUSION = [0, 3, 6] as const;
const RECESS_FLAVUM = [0, 1.2, 2.4] as const;

function addRecess(prims: Prim[], anatomy: Anatomy, lv: LevelAnatomy, side: Side): void {
  const disc = anatomy.discs[lv.discIndex] as Disc;
  const up = anatomy.vertebrae[disc.upper] as Vertebra;
  const lo = anatomy.vertebrae[disc.upper + 1] as Vertebra;
  const h = disc.sBottom - disc.sTop;
  const sg = SIDE_SIGN[side];
  const r = lv.recessPoint[side];
  const g = lv.recess[side];
  if (g > 0) {
    prims.push(flavum(`${lv.level} recess flavum ${side}`, up, lo, sg, 1.8 + (RECESS_FLAVUM[g] ?? 0)));
    prims.push(
      extruded(
        `${lv.level} facet hypertrophy ${side}`,
        st(TISSUE.hypertrophicFacet),
        [X, W, S],
        sapSegment(lo, sg, SAP_SHIFT[g]),
        3.9 + (SAP_GROWTH[g] ?? 0),
        [r.s - 9, r.s + 7],
        2,
      ),
    );
    prims.push(
      ellipsoid(`${lv.level} paracentral protrusion ${side}`, st(TISSUE.annulus), [r.s, sg * 8.5, BP], [0.5 * h, 5.5, PROTRUSION[g] ?? 0]),
    );
  }
  const rootStyle = st(TISSUE.root);
  if (g < 2) {
    const f = g === 0 ? 1 : 0.6;
    prims.push(ellipsoid(`${lv.level} lateral recess ${side}`, st({ t1: 0.55, t2: 0.86 }), [r.s, r.x, r.w], [7, 3.4 * f, 3.4 * f]));
    prims.push(
      capsule(`${lv.level} traversing root ${side}`, rootStyle, [r.s - 8, r.x, r.w - 0.5], [r.s + 8, r.x + sg * 0.3, r.w - 0.5], 1.5),
    );
  } else {
    prims.push(ellipsoid(`${lv.level} obliterated recess ${side}`, st(TISSUE.encroachment, 0.9), [r.s, r.x, r.w], [6, 3.3, 3.3]));
    prims.push(ellipsoid(`${lv.level} compressed traversing root ${side}`, rootStyle, [r.s, r.x - sg * 0.6, r.w - 1], [8, 2.4, 0.9]));
  }
}
