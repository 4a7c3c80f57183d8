/**
 * 004: two more pieces of evidence for typing a series, kept from its first file: ImageType (a LOCALIZER
 * is never a series to grade) and ScanningSequence (IR = inversion recovery: STIR even without a TI).
 * DICOM multi-values as stored in the file, backslash-separated. Series indexed before this migration have
 * NULL here (typed as before) until one of their files changes and is read again.
 */
export const m004SeriesEvidence = {
  version: 4,
  name: 'series-evidence',
  sql: /* sql */ `
ALTER TABLE series ADD COLUMN image_type TEXT;
ALTER TABLE series ADD COLUMN scanning_sequence TEXT;
`,
} as const;
