/**
 * Series typing: Sagittal T1, Sagittal T2/STIR, Axial T2, or Other, with the reason in words.
 * Evidence, strongest first: a Kaggle train_series_descriptions.csv entry; the slice orientation (IOP
 * normal); SeriesDescription keywords; MR timing (TR/TE/TI, inversion recovery = STIR). Pure.
 */
import { dominantPlane, type SlicePlane } from '../domain/geometry.js';
import type { SeriesType } from '../domain/protocol.js';

export interface SeriesEvidence {
  readonly description?: string | undefined;
  readonly modality?: string | undefined;
  readonly iop?: SlicePlane['iop'] | undefined;
  readonly repetitionTime?: number | undefined;
  readonly echoTime?: number | undefined;
  readonly inversionTime?: number | undefined;
  readonly scanningSequence?: readonly string[] | undefined;
  readonly imageType?: readonly string[] | undefined;
  /** The Kaggle CSV's description for this series, when present. */
  readonly kaggleDescription?: string | undefined;
}

export interface SeriesTyping {
  readonly type: SeriesType;
  readonly reason: string;
}

type Weighting = 'T1' | 'T2' | 'STIR' | undefined;

function weightingFromText(text: string): Weighting {
  const t = text.toUpperCase();
  if (/STIR|TIRM|\bIR\b/.test(t)) return 'STIR';
  if (/T2|FSE.?T2|TSE.?T2/.test(t)) return 'T2';
  if (/T1/.test(t)) return 'T1';
  return undefined;
}

function planeFromText(text: string): 'sagittal' | 'axial' | 'coronal' | undefined {
  const t = text.toUpperCase();
  if (/SAG/.test(t)) return 'sagittal';
  if (/\bAX|AXIAL|\bTRA|TRANS/.test(t)) return 'axial';
  if (/COR/.test(t)) return 'coronal';
  return undefined;
}

function weightingFromTiming(e: SeriesEvidence): Weighting {
  if ((e.inversionTime !== undefined && e.inversionTime > 50 && e.inversionTime < 300) || e.scanningSequence?.includes('IR')) {
    return 'STIR';
  }
  if (e.repetitionTime === undefined || e.echoTime === undefined) return undefined;
  if (e.repetitionTime < 1000 && e.echoTime < 30) return 'T1';
  if (e.repetitionTime >= 1500 && e.echoTime >= 60) return 'T2';
  return undefined;
}

const KAGGLE_TYPES = new Set<string>(['Sagittal T1', 'Sagittal T2/STIR', 'Axial T2']);

export function classifySeries(e: SeriesEvidence): SeriesTyping {
  if (e.kaggleDescription !== undefined) {
    if (KAGGLE_TYPES.has(e.kaggleDescription)) {
      return { type: e.kaggleDescription as SeriesType, reason: 'train_series_descriptions.csv' };
    }
    return { type: 'Other', reason: `train_series_descriptions.csv says "${e.kaggleDescription}"` };
  }
  if (e.modality !== undefined && e.modality !== 'MR') return { type: 'Other', reason: `modality ${e.modality}` };
  if (e.imageType?.some((v) => v.toUpperCase() === 'LOCALIZER')) return { type: 'Other', reason: 'localizer' };

  const description = e.description ?? '';
  const reasons: string[] = [];
  let plane: 'sagittal' | 'axial' | 'coronal' | undefined;
  if (e.iop) {
    plane = dominantPlane(e.iop);
    reasons.push(`${plane} orientation`);
  } else {
    plane = planeFromText(description);
    if (plane) reasons.push(`"${description}" says ${plane} (no orientation tags)`);
  }
  let weighting = weightingFromText(description);
  if (weighting) reasons.push(`"${description}" says ${weighting}`);
  else {
    weighting = weightingFromTiming(e);
    if (weighting) {
      const timing = [
        e.repetitionTime !== undefined ? `TR ${e.repetitionTime}` : '',
        e.echoTime !== undefined ? `TE ${e.echoTime}` : '',
        e.inversionTime !== undefined ? `TI ${e.inversionTime}` : '',
      ].filter(Boolean);
      reasons.push(`${timing.join(' ')} ${timing.length ? 'looks' : 'is'} ${weighting}`);
    }
  }
  const reason = reasons.join('; ');
  if (plane === 'sagittal' && weighting === 'T1') return { type: 'Sagittal T1', reason };
  if (plane === 'sagittal' && (weighting === 'T2' || weighting === 'STIR')) return { type: 'Sagittal T2/STIR', reason };
  if (plane === 'axial' && (weighting === 'T2' || weighting === undefined)) {
    return { type: 'Axial T2', reason: weighting ? reason : `${reason}; weighting unknown, assumed T2` };
  }
  return { type: 'Other', reason: reason || 'no orientation, description or timing to go by' };
}
