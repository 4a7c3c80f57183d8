/**
 * The anatomy of one demo study: vertebrae and discs laid out along the spine centre line, their sizes,
 * the lordotic curve, the pathology at each graded level, and the landmarks a reader clicks.
 *
 * Pure and deterministic from (seed, study index, grades). Everything is in spine coordinates (s, x, w)
 * (see spine-curve.ts): s grows towards the feet, x towards the patient's left, w towards posterior.
 * Invariants: vertebrae and discs tile s without gaps in head-to-feet order; the posterior wall of every
 * vertebral body is at w = POSTERIOR_WALL; landmarks of the graded levels are inside the structures whose
 * appearance encodes the grade (canal point in the dural sac, foraminal point on the exiting root,
 * subarticular point in the lateral recess).
 */
import { gradeCode, LEVELS, type Condition, type Level } from '../domain/protocol.js';
import type { StudyGrades } from './grades.js';
import { rngFor } from './random.js';
import { SpineCurve } from './spine-curve.js';

/** w of the posterior wall of the vertebral bodies (the centre line runs 15 mm in front of it). */
export const POSTERIOR_WALL = 15;

export type Region = 'thoracic' | 'lumbar' | 'sacral' | 'coccygeal';

export interface Vertebra {
  readonly name: string;
  readonly region: Region;
  readonly sTop: number;
  readonly sBottom: number;
  /** Half width of the body (x). */
  readonly halfWidth: number;
  /** Anterior depth of the body in front of the centre line (the body spans w in [-antDepth, POSTERIOR_WALL]). */
  readonly antDepth: number;
  /** x of the pedicle centres (both sides, +/-). */
  readonly pedicleX: number;
  /** s of the pedicle centre and half height. */
  readonly pedicleS: number;
  readonly pedicleHalfHeight: number;
}

export interface Disc {
  /** e.g. 'L4/L5' or 'T12/L1'. */
  readonly name: string;
  readonly sTop: number;
  readonly sBottom: number;
  /** Index of the vertebra above (in Anatomy.vertebrae). */
  readonly upper: number;
  /** 0 healthy .. 1 dark, dehydrated nucleus. */
  readonly degeneration: number;
  /** The protocol level when this disc is graded. */
  readonly level?: Level;
}

export type Side = 'left' | 'right';
/** x sign of a side: patient left is +x in LPS. */
export const SIDE_SIGN: Readonly<Record<Side, 1 | -1>> = { left: 1, right: -1 };

/** Spine coordinates of a point. */
export interface SpineXYZ {
  readonly s: number;
  readonly x: number;
  readonly w: number;
}

/** Geometry and pathology of one graded level. */
export interface LevelAnatomy {
  readonly level: Level;
  readonly discIndex: number;
  /** Grade codes 0..2 per condition. */
  readonly canal: number;
  readonly foramen: Readonly<Record<Side, number>>;
  readonly recess: Readonly<Record<Side, number>>;
  /** Centre of the disc. */
  readonly discCenter: SpineXYZ;
  /** Centre of the dural sac at the disc (spinal canal label point). */
  readonly canalPoint: SpineXYZ;
  /** Exiting nerve root in the neural foramen (foraminal label point). */
  readonly foramenPoint: Readonly<Record<Side, SpineXYZ>>;
  /** Lateral recess at the disc (subarticular label point). */
  readonly recessPoint: Readonly<Record<Side, SpineXYZ>>;
}

export interface SacDimensions {
  /** Centre w and half width / half depth of the dural sac in the lumbar spine. */
  readonly centerW: number;
  readonly halfWidth: number;
  readonly halfDepth: number;
}

export interface Anatomy {
  readonly curve: SpineCurve;
  readonly vertebrae: readonly Vertebra[];
  readonly discs: readonly Disc[];
  readonly levels: readonly LevelAnatomy[];
  readonly sac: SacDimensions;
  /** s of the conus medullaris tip. */
  readonly conusTipS: number;
  /** s where the thecal sac ends (S2). */
  readonly sacEndS: number;
}

interface VertebraSpec {
  name: string;
  region: Region;
  height: number;
  halfWidth: number;
  antDepth: number;
  /** Height of the disc below it (0 for the last). */
  discBelow: number;
}

/** Adult lumbar spine, mm (heights along the centre line). */
const SPINE: readonly VertebraSpec[] = [
  { name: 'T10', region: 'thoracic', height: 21, halfWidth: 18, antDepth: 12, discBelow: 5.5 },
  { name: 'T11', region: 'thoracic', height: 22, halfWidth: 19, antDepth: 13, discBelow: 6 },
  { name: 'T12', region: 'thoracic', height: 23.5, halfWidth: 20.5, antDepth: 14, discBelow: 7 },
  { name: 'L1', region: 'lumbar', height: 25.5, halfWidth: 24, antDepth: 15, discBelow: 8.5 },
  { name: 'L2', region: 'lumbar', height: 26.5, halfWidth: 25, antDepth: 16, discBelow: 9.5 },
  { name: 'L3', region: 'lumbar', height: 27, halfWidth: 26, antDepth: 17, discBelow: 10 },
  { name: 'L4', region: 'lumbar', height: 27, halfWidth: 27, antDepth: 17.5, discBelow: 10.5 },
  { name: 'L5', region: 'lumbar', height: 26, halfWidth: 28, antDepth: 17.5, discBelow: 10 },
  { name: 'S1', region: 'sacral', height: 24, halfWidth: 28, antDepth: 18, discBelow: 2.5 },
  { name: 'S2', region: 'sacral', height: 20, halfWidth: 21, antDepth: 10, discBelow: 2 },
  { name: 'S3', region: 'sacral', height: 16, halfWidth: 17, antDepth: 5, discBelow: 1.5 },
  { name: 'S4', region: 'sacral', height: 13, halfWidth: 13, antDepth: 1, discBelow: 1.5 },
  { name: 'S5', region: 'sacral', height: 10, halfWidth: 10, antDepth: -2, discBelow: 3 },
  { name: 'Co1', region: 'coccygeal', height: 9, halfWidth: 8, antDepth: -4, discBelow: 2 },
  { name: 'Co2', region: 'coccygeal', height: 7, halfWidth: 6, antDepth: -5, discBelow: 0 },
];

/** Index of the vertebra whose lower disc is graded level i (L1 for L1/L2 ...). */
const FIRST_LUMBAR = 3;

export interface AnatomyOptions {
  readonly seed: number;
  readonly studyIndex: number;
  readonly grades: StudyGrades;
}

/** Lays out the anatomy of one study. */
export function buildAnatomy({ seed, studyIndex, grades }: AnatomyOptions): Anatomy {
  const rng = rngFor(seed, 'anatomy', studyIndex);
  const scale = rng.range(0.95, 1.05);
  const vertebrae: Vertebra[] = [];
  const discSpans: { sTop: number; sBottom: number; upper: number }[] = [];
  let s = 0;
  SPINE.forEach((spec, i) => {
    const height = spec.height * scale;
    const halfWidth = spec.halfWidth * scale;
    const sTop = s;
    const sBottom = s + height;
    vertebrae.push({
      name: spec.name,
      region: spec.region,
      sTop,
      sBottom,
      halfWidth,
      antDepth: spec.antDepth * scale,
      pedicleX: halfWidth * 0.66,
      pedicleS: sTop + 0.33 * height,
      pedicleHalfHeight: 0.22 * height,
    });
    s = sBottom;
    if (spec.discBelow > 0) {
      const h = spec.discBelow * scale * (spec.region === 'lumbar' ? rng.range(0.92, 1.05) : 1);
      discSpans.push({ sTop: s, sBottom: s + h, upper: i });
      s += h;
    }
  });

  const levelOf = (upper: number): Level | undefined => LEVELS[upper - FIRST_LUMBAR];
  const codes = (condition: Condition, level: Level): number => gradeCode(grades[condition][level]);
  const discs: Disc[] = discSpans.map((d) => {
    const upper = vertebrae[d.upper] as Vertebra;
    const lower = vertebrae[d.upper + 1] as Vertebra;
    const level = levelOf(d.upper);
    let degeneration = 0;
    if (level) {
      const canal = codes('Spinal Canal Stenosis', level);
      const others = Math.max(
        codes('Left Neural Foraminal Narrowing', level),
        codes('Right Neural Foraminal Narrowing', level),
        codes('Left Subarticular Stenosis', level),
        codes('Right Subarticular Stenosis', level),
      );
      degeneration = Math.min(1, canal * 0.4 + others * 0.15 + (level === 'L4/L5' || level === 'L5/S1' ? 0.15 : 0));
    }
    return {
      name: `${upper.name}/${lower.name}`,
      sTop: d.sTop,
      sBottom: d.sBottom,
      upper: d.upper,
      degeneration,
      ...(level ? { level } : {}),
    };
  });

  const sac: SacDimensions = { centerW: POSTERIOR_WALL + 1.5 + 7, halfWidth: 9.5 * scale, halfDepth: 7 };

  const levels: LevelAnatomy[] = LEVELS.map((level) => {
    const discIndex = discs.findIndex((d) => d.level === level);
    const disc = discs[discIndex] as Disc;
    const upper = vertebrae[disc.upper] as Vertebra;
    const sMid = (disc.sTop + disc.sBottom) / 2;
    const lower = vertebrae[disc.upper + 1] as Vertebra;
    const antDepth = (upper.antDepth + lower.antDepth) / 2;
    const rootS = upper.pedicleS + upper.pedicleHalfHeight + 4;
    const foramenX = upper.pedicleX + 3.5;
    const recessX = sac.halfWidth + 1;
    const point = (sAt: number, x: number, w: number): SpineXYZ => ({ s: sAt, x, w });
    return {
      level,
      discIndex,
      canal: codes('Spinal Canal Stenosis', level),
      foramen: {
        left: codes('Left Neural Foraminal Narrowing', level),
        right: codes('Right Neural Foraminal Narrowing', level),
      },
      recess: {
        left: codes('Left Subarticular Stenosis', level),
        right: codes('Right Subarticular Stenosis', level),
      },
      discCenter: point(sMid, 0, (POSTERIOR_WALL - antDepth) / 2),
      canalPoint: point(sMid, 0, sac.centerW),
      foramenPoint: {
        left: point(rootS, foramenX, POSTERIOR_WALL + 5.5),
        right: point(rootS, -foramenX, POSTERIOR_WALL + 5.5),
      },
      recessPoint: {
        left: point(sMid, recessX, POSTERIOR_WALL + 4),
        right: point(sMid, -recessX, POSTERIOR_WALL + 4),
      },
    };
  });

  // The curve: straight thoracic part, lordosis (apex near L3/L4), sharper lumbosacral bend, sacral kyphosis.
  const byName = (name: string): Vertebra => vertebrae.find((v) => v.name === name) as Vertebra;
  const t12 = byName('T12');
  const l3 = byName('L3');
  const l5 = byName('L5');
  const s1 = byName('S1');
  const co2 = byName('Co2');
  const lordosisRadius = rng.range(280, 360);
  const apexS = l3.sBottom;
  const curve = SpineCurve.build(
    rng.range(-1.8, 1.8),
    [
      { s: (t12.sTop + t12.sBottom) / 2, kappa: 1 / lordosisRadius },
      { s: (l5.sTop + l5.sBottom) / 2, kappa: 1 / 110 },
      { s: s1.sTop, kappa: -1 / 95 },
    ],
    co2.sBottom,
    // L3/L4 apex: vertical tangent; L3 body centre near the patient origin.
    { s: apexS, y: rng.range(-4, 4), z: rng.range(-6, 6) - (l3.sBottom - l3.sTop) / 2, alpha: 0 },
  );

  const l1 = byName('L1');
  return {
    curve,
    vertebrae,
    discs,
    levels,
    sac,
    conusTipS: l1.sTop + 0.75 * (l1.sBottom - l1.sTop),
    sacEndS: byName('S2').sTop + 8,
  };
}

/** Patient LPS coordinates of a spine point. */
export function toPatient(anatomy: Anatomy, p: SpineXYZ): [number, number, number] {
  return anatomy.curve.toPatient(p.s, p.x, p.w);
}
