/**
 * The grading atlas: what each grade means for each condition, as readers of the RSNA 2024 / LumbarDISC
 * dataset were instructed (Lee et al. 2011 central canal, Lee et al. 2010 foraminal, and the usual
 * lateral-recess description for subarticular stenosis). Summaries in our words, for quick reference.
 */
import type { Condition, Grade } from '../../../annotations/domain/protocol';

export interface AtlasEntry {
  readonly source: string;
  readonly where: string;
  readonly grades: Readonly<Record<Grade, string>>;
}

const canal: AtlasEntry = {
  source: 'Lee GY et al., AJR 2011 (central canal stenosis on axial T2)',
  where: 'Sagittal T2/STIR at the disc level; confirm on the axial T2 through the disc.',
  grades: {
    'Normal/Mild': 'CSF visible around all cauda equina roots; at most mild anterior effacement, roots still separable.',
    Moderate: 'Some roots clumped or touching; CSF partly effaced but the roots are still distinguishable in places.',
    Severe: 'No CSF visible between the roots; the cauda equina appears as one bundle (complete effacement).',
  },
};

const foramen = (side: 'left' | 'right'): AtlasEntry => ({
  source: 'Lee S et al., AJR 2010 (foraminal stenosis on sagittal T1)',
  where: `Parasagittal T1 through the ${side} neural foramen at the disc level.`,
  grades: {
    'Normal/Mild':
      'Perineural fat surrounds the exiting root; at most obliteration of fat in two opposing directions without root change (mild).',
    Moderate: 'Fat obliterated in all four directions around the root, without morphologic change of the root.',
    Severe: 'Root collapse or morphologic change (flattening) with obliterated fat.',
  },
});

const recess = (side: 'left' | 'right'): AtlasEntry => ({
  source: 'Lateral recess grading (subarticular zone on axial T2); least reproducible of the three',
  where: `Axial T2 through the disc, ${side} subarticular recess (between the thecal sac and the facet).`,
  grades: {
    'Normal/Mild': 'The traversing root sits in a recess with preserved fat/CSF; at most mild narrowing.',
    Moderate: 'Recess narrowed, root touched or displaced but not compressed.',
    Severe: 'Recess obliterated; the traversing root compressed or not separable.',
  },
});

export const ATLAS: Readonly<Record<Condition, AtlasEntry>> = {
  'Spinal Canal Stenosis': canal,
  'Left Neural Foraminal Narrowing': foramen('left'),
  'Right Neural Foraminal Narrowing': foramen('right'),
  'Left Subarticular Stenosis': recess('left'),
  'Right Subarticular Stenosis': recess('right'),
};
