import { describe, expect, it } from 'vitest';
import { CONDITION_LEVELS, CONDITIONS, GRADES, LEVELS, USUAL_SERIES_TYPE } from '../domain/protocol.js';
import { toPatient } from './anatomy.js';
import { patientToPixel, pixelToPatient } from './geometry.js';
import { showcaseLevels, studyGrades } from './grades.js';
import { computeDemoManifest, GROUND_TRUTH_SCHEMA, planDemoDataset } from './manifest.js';
import { hash128, Rng, uidFor } from './random.js';

describe('demo manifest (pure)', () => {
  const manifest = computeDemoManifest({ studies: 3 });
  const plan = planDemoDataset({ studies: 3 });

  it('is deterministic from the seed and defaults to seed 1', () => {
    expect(computeDemoManifest({ studies: 3, seed: 1 })).toEqual(manifest);
    expect(manifest.seed).toBe(1);
    expect(manifest.schema).toBe(GROUND_TRUTH_SCHEMA);
    const other = computeDemoManifest({ studies: 3, seed: 2 });
    expect(other.studies.map((s) => s.study_id)).not.toEqual(manifest.studies.map((s) => s.study_id));
  });

  it('has Kaggle-like numeric ids: unique, sorted, 7-10 digit studies and 8-10 digit series', () => {
    const many = computeDemoManifest({ studies: 40, seed: 9 });
    const studyIds = many.studies.map((s) => s.study_id);
    expect(studyIds).toEqual([...studyIds].sort((a, b) => a - b));
    expect(new Set(studyIds).size).toBe(studyIds.length);
    const seriesIds = many.studies.flatMap((s) => s.series.map((x) => x.series_id));
    expect(new Set(seriesIds).size).toBe(seriesIds.length);
    for (const id of studyIds) {
      expect(Number.isInteger(id)).toBe(true);
      expect(String(id).length).toBeGreaterThanOrEqual(7);
      expect(String(id).length).toBeLessThanOrEqual(10);
    }
    for (const study of many.studies) {
      const ids = study.series.map((s) => s.series_id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      for (const id of ids) {
        expect(String(id).length).toBeGreaterThanOrEqual(8);
        expect(String(id).length).toBeLessThanOrEqual(10);
      }
    }
  });

  it('has one series of each type with the planned instance counts', () => {
    for (const study of manifest.studies) {
      expect(study.series.map((s) => s.type).sort()).toEqual(['Axial T2', 'Sagittal T1', 'Sagittal T2/STIR']);
      for (const s of study.series) expect(s.instances).toBe(15);
    }
    const cont = computeDemoManifest({ studies: 1, axialContinuousSlices: 60 });
    expect(cont.studies[0]?.series.find((s) => s.type === 'Axial T2')?.instances).toBe(60);
    const five = computeDemoManifest({ studies: 1, axialSlicesPerDisc: 5 });
    expect(five.studies[0]?.series.find((s) => s.type === 'Axial T2')?.instances).toBe(25);
  });

  it('labels all 25 condition/levels in train.csv order, on the usual series type, inside the image', () => {
    for (const [si, study] of manifest.studies.entries()) {
      const sp = plan.studies[si];
      expect(sp?.studyId).toBe(study.study_id);
      expect(study.labels.map((l) => [l.condition, l.level])).toEqual(CONDITION_LEVELS.map((c) => [c.condition, c.level]));
      for (const label of study.labels) {
        expect(GRADES).toContain(label.grade);
        const series = sp?.series.find((s) => s.seriesId === label.series_id);
        expect(series?.type).toBe(USUAL_SERIES_TYPE[label.condition]);
        const slice = series?.slices.find((s) => s.instanceNumber === label.instance_number);
        expect(slice).toBeDefined();
        expect(label.x).toBeGreaterThan(0);
        expect(label.y).toBeGreaterThan(0);
        expect(label.x).toBeLessThan(slice?.plane.columns ?? 0);
        expect(label.y).toBeLessThan(slice?.plane.rows ?? 0);
      }
    }
  });

  it('puts each label point on the nearest slice to its landmark, on the right side', () => {
    for (const sp of plan.studies) {
      const labels = sp.truth.labels;
      const at = (condition: string, level: string) => labels.find((l) => l.condition === condition && l.level === level);
      const planeOf = (seriesId: number, instance: number) =>
        sp.series.find((s) => s.seriesId === seriesId)?.slices.find((s) => s.instanceNumber === instance)?.plane;
      // All canal points on one mid-sagittal T2 slice; foramina on parasagittal T1 slices of the right side.
      const canal = labels.filter((l) => l.condition === 'Spinal Canal Stenosis');
      expect(new Set(canal.map((l) => l.instance_number)).size).toBe(1);
      for (const level of LEVELS) {
        const lv = sp.anatomy.levels.find((l) => l.level === level);
        if (!lv) throw new Error(level);
        const c = at('Spinal Canal Stenosis', level);
        const cPlane = c && planeOf(c.series_id, c.instance_number);
        if (!c || !cPlane) throw new Error('no canal label');
        expect(Math.abs(pixelToPatient(cPlane, 0, 0)[0] - sp.anatomy.curve.x0)).toBeLessThanOrEqual(2);
        // The label pixel maps back onto the landmark (up to the distance to the slice).
        const landmark = toPatient(sp.anatomy, lv.canalPoint);
        const back = pixelToPatient(cPlane, c.x, c.y);
        expect(Math.hypot(back[1] - landmark[1], back[2] - landmark[2])).toBeLessThan(1e-3);

        const left = at('Left Neural Foraminal Narrowing', level);
        const right = at('Right Neural Foraminal Narrowing', level);
        const lPlane = left && planeOf(left.series_id, left.instance_number);
        const rPlane = right && planeOf(right.series_id, right.instance_number);
        if (!lPlane || !rPlane) throw new Error('no foraminal label');
        expect(lPlane.position[0]).toBeGreaterThan(12); // patient left is +x
        expect(rPlane.position[0]).toBeLessThan(-12);

        const ls = at('Left Subarticular Stenosis', level);
        const rs = at('Right Subarticular Stenosis', level);
        const aPlane = ls && planeOf(ls.series_id, ls.instance_number);
        if (!ls || !rs || !aPlane) throw new Error('no subarticular label');
        expect(rs.instance_number).toBe(ls.instance_number);
        expect(ls.x).toBeGreaterThan(rs.x); // image right = patient left on axials
        const recess = toPatient(sp.anatomy, lv.recessPoint.left);
        expect(Math.abs(patientToPixel(aPlane, recess).distance)).toBeLessThanOrEqual(2.5);
      }
    }
  });

  it('lists the five discs head to feet with LPS centres', () => {
    for (const study of manifest.studies) {
      expect(study.discs.map((d) => d.level)).toEqual([...LEVELS]);
      const z = study.discs.map((d) => d.center_lps[2]);
      for (let i = 1; i < z.length; i++) expect(z[i]).toBeLessThan(z[i - 1] as number);
      for (const d of study.discs) expect(Math.abs(d.center_lps[0])).toBeLessThan(3);
    }
  });

  it('shows every grade of every condition across 3 studies, mostly Normal/Mild', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const m = computeDemoManifest({ studies: 3, seed });
      const all = m.studies.flatMap((s) => s.labels);
      for (const condition of CONDITIONS) {
        const grades = new Set(all.filter((l) => l.condition === condition).map((l) => l.grade));
        expect([...grades].sort()).toEqual([...GRADES].sort());
      }
      const normal = all.filter((l) => l.grade === 'Normal/Mild').length;
      expect(normal / all.length).toBeGreaterThan(0.5);
    }
    // At the showcase level the three studies carry the three grades.
    const show = showcaseLevels(5);
    for (const condition of CONDITIONS) {
      const grades = [0, 1, 2].map((i) => studyGrades(5, i)[condition][show[condition]]);
      expect([...grades].sort()).toEqual([...GRADES].sort());
    }
  });

  it('derives UIDs under 2.25 deterministically', () => {
    const uid = uidFor(1, 'study', 0);
    expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(uidFor(1, 'study', 0)).toBe(uid);
    expect(uidFor(1, 'study', 1)).not.toBe(uid);
    expect(hash128('a', 1)).not.toBe(hash128('a', '1'));
    const a = new Rng(5);
    const b = new Rng(5);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    const study = plan.studies[0];
    expect(study?.studyInstanceUid).toMatch(/^2\.25\./);
    expect(study?.frameOfReferenceUid).not.toBe(study?.studyInstanceUid);
    expect(new Set(study?.series.map((s) => s.seriesInstanceUid)).size).toBe(3);
  });

  it('rejects bad options', () => {
    expect(() => computeDemoManifest({ studies: 0 })).toThrow(RangeError);
    expect(() => computeDemoManifest({ studies: 1.5 })).toThrow(RangeError);
    expect(() => computeDemoManifest({ studies: 1, axialSlicesPerDisc: 0 })).toThrow(RangeError);
    expect(() => computeDemoManifest({ studies: 1, axialContinuousSlices: 1 })).toThrow(RangeError);
  });
});
