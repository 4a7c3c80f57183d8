/** Words of a reading session: roles, read statuses, study-level flags. Pure. */

export const READER_ROLES = ['reader', 'qa_lead'] as const;
export type ReaderRole = (typeof READER_ROLES)[number];

export const READ_STATUSES = ['not_started', 'in_progress', 'complete', 'flagged'] as const;
export type ReadStatus = (typeof READ_STATUSES)[number];

/** Study-level flags a reader can set (LumbarDISC-style quality and anatomy notes). */
export const STUDY_FLAGS = ['non-diagnostic', 'transitional anatomy', 'postoperative/hardware', 'motion', 'other'] as const;
export type StudyFlag = (typeof STUDY_FLAGS)[number];

/** Reasons offered for "not gradable" (free text is allowed too). */
export const NOT_GRADABLE_REASONS = ['level not covered', 'artefact', 'postoperative', 'transitional anatomy', 'other'] as const;
