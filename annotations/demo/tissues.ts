/**
 * MR intensities of the phantom's tissues on T1-weighted and T2-weighted fast spin echo, as fractions of
 * the scanner's full scale. Pure data. Invariants: fat is bright on both; CSF dark on T1 and the brightest
 * tissue on T2; cortical bone, ligaments and flowing blood are dark on both; a healthy nucleus is bright on
 * T2 and intermediate on T1.
 */
import type { Tissue } from './primitives.js';

const t = (t1: number, t2: number): Tissue => ({ t1, t2 });

export const TISSUE = {
  air: t(0, 0),
  skin: t(0.5, 0.38),
  fat: t(0.95, 0.78),
  muscle: t(0.3, 0.2),
  marrow: t(0.6, 0.4),
  fattyMarrow: t(0.8, 0.52),
  cortex: t(0.07, 0.05),
  annulus: t(0.3, 0.13),
  nucleus: t(0.36, 0.9),
  degeneratedNucleus: t(0.33, 0.24),
  cleft: t(0.32, 0.42),
  csf: t(0.1, 0.98),
  dura: t(0.14, 0.1),
  cord: t(0.42, 0.36),
  root: t(0.38, 0.26),
  epiduralFat: t(0.9, 0.72),
  flavum: t(0.3, 0.2),
  ligament: t(0.08, 0.07),
  jointFluid: t(0.22, 0.82),
  aorta: t(0.05, 0.04),
  vein: t(0.16, 0.12),
  bowel: t(0.38, 0.45),
  /** Disc/osteophyte/fibrous tissue filling a narrowed foramen or recess. */
  encroachment: t(0.24, 0.18),
  /** Cauda equina roots packed together with little CSF left. */
  crowdedRoots: t(0.33, 0.3),
  hypertrophicFacet: t(0.3, 0.2),
  basivertebralVein: t(0.42, 0.66),
} as const;
