/**
 * The `agreement-dataset/v1` input format (AGREEMENT.md): its types, its validation with messages that
 * say what is wrong and where, and its indexing into the dense arrays the engine works on.
 *
 * Invariants: validation never throws on any JSON value and reports every problem it finds (capped);
 * an IndexedDataset holds one rating per (item, rater) as a category index (0..q-1) or -1 when missing;
 * items keep their input order; a missing `study` defaults to the item id (the bootstrap's unit).
 */

export const AGREEMENT_DATASET_SCHEMA = 'agreement-dataset/v1';

export type Measurement = 'ordinal' | 'nominal';
/** A category code: ordinal scales use ordered codes (e.g. 0, 1, 2); nominal scales may use strings. */
export type CategoryCode = number | string;

export interface AgreementItem {
  readonly id: string;
  /** Resampling unit of the bootstrap; defaults to the item id. */
  readonly study?: string;
  readonly condition?: string;
  readonly level?: string;
}

/** [item id, rater, category code or null (not rated)]. */
export type AgreementRating = readonly [itemId: string, rater: string, value: CategoryCode | null];

export interface AgreementDataset {
  readonly schema: typeof AGREEMENT_DATASET_SCHEMA;
  readonly id?: string;
  readonly measurement: Measurement;
  /** The full scale, in order (AGREEMENT.md convention 1). */
  readonly categories: readonly CategoryCode[];
  readonly category_labels?: readonly string[];
  readonly raters: readonly string[];
  readonly items: readonly AgreementItem[];
  readonly ratings: readonly AgreementRating[];
}

/** The dataset as dense arrays. */
export interface IndexedDataset {
  readonly id: string | undefined;
  readonly measurement: Measurement;
  readonly categories: readonly CategoryCode[];
  readonly categoryLabels: readonly string[] | undefined;
  readonly raters: readonly string[];
  readonly itemIds: readonly string[];
  /** ratings[item * raters.length + rater] = category index, or -1 when missing. */
  readonly ratings: Int16Array;
  readonly studies: readonly string[];
  readonly itemStudy: Int32Array;
  /** Distinct conditions / levels in order of first appearance; -1 in itemCondition / itemLevel = none. */
  readonly conditions: readonly string[];
  readonly itemCondition: Int32Array;
  readonly levels: readonly string[];
  readonly itemLevel: Int32Array;
}

export type ValidationResult = { ok: true; dataset: AgreementDataset } | { ok: false; errors: string[] };

/** Thrown by indexDataset on an invalid dataset; `errors` are the validation messages. */
export class AgreementDatasetError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`invalid ${AGREEMENT_DATASET_SCHEMA} dataset:\n  ${errors.join('\n  ')}`);
    this.name = 'AgreementDatasetError';
  }
}

const MAX_ERRORS = 25;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** Checks a parsed JSON value against agreement-dataset/v1; every message names the offending path. */
export function validateAgreementDataset(value: unknown): ValidationResult {
  const checked = check(value);
  return checked.errors.length > 0 ? { ok: false, errors: checked.errors } : { ok: true, dataset: value as AgreementDataset };
}

/** Validates and indexes a dataset; throws AgreementDatasetError when it is invalid. */
export function indexDataset(dataset: AgreementDataset): IndexedDataset {
  const checked = check(dataset);
  if (checked.errors.length > 0 || !checked.indexed) throw new AgreementDatasetError(checked.errors);
  return checked.indexed;
}

/** One pass of validation that also builds the dense index (used only when there is no error). */
function check(value: unknown): { errors: string[]; indexed?: IndexedDataset } {
  const errors: string[] = [];
  let suppressed = 0;
  const fail = (message: string): void => {
    if (errors.length < MAX_ERRORS) errors.push(message);
    else suppressed++;
  };
  const done = (): { errors: string[] } => {
    if (suppressed > 0) errors.push(`... and ${suppressed} more error(s)`);
    return { errors };
  };
  if (!isRecord(value)) return { errors: ['top level: expected a JSON object'] };
  if (value.schema !== AGREEMENT_DATASET_SCHEMA) {
    fail(`schema: expected "${AGREEMENT_DATASET_SCHEMA}", got ${show(value.schema)}`);
  }
  if (value.id !== undefined && typeof value.id !== 'string') fail(`id: expected a string, got ${show(value.id)}`);
  if (value.measurement !== 'ordinal' && value.measurement !== 'nominal') {
    fail(`measurement: expected "ordinal" or "nominal", got ${show(value.measurement)}`);
  }

  const categoryIndex = new Map<unknown, number>();
  if (!Array.isArray(value.categories)) fail('categories: expected an array of category codes');
  else {
    value.categories.forEach((c: unknown, i) => {
      const valid = (typeof c === 'number' && Number.isFinite(c)) || typeof c === 'string';
      if (!valid) fail(`categories[${i}]: expected a finite number or a string, got ${show(c)}`);
      else if (categoryIndex.has(c)) fail(`categories[${i}]: duplicate category ${show(c)}`);
      else categoryIndex.set(c, i);
    });
    if (value.categories.length < 2) fail(`categories: at least 2 categories are needed, got ${value.categories.length}`);
    if (value.categories.length > 1000) fail(`categories: at most 1000 categories, got ${value.categories.length}`);
    if (value.measurement === 'ordinal' && value.categories.some((c) => typeof c !== 'number')) {
      fail('categories: an ordinal scale needs numeric codes, listed in scale order');
    }
  }
  if (value.category_labels !== undefined) {
    const labels = value.category_labels;
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) fail('category_labels: expected an array of strings');
    else if (Array.isArray(value.categories) && labels.length !== value.categories.length) {
      fail(`category_labels: ${labels.length} labels for ${value.categories.length} categories`);
    }
  }

  const raterIndex = new Map<unknown, number>();
  if (!Array.isArray(value.raters)) fail('raters: expected an array of rater names');
  else {
    value.raters.forEach((r: unknown, i) => {
      if (typeof r !== 'string' || r.length === 0) fail(`raters[${i}]: expected a non-empty string, got ${show(r)}`);
      else if (r.includes('|')) fail(`raters[${i}]: ${show(r)} contains '|', which separates rater pairs in the report`);
      else if (raterIndex.has(r)) fail(`raters[${i}]: duplicate rater ${show(r)}`);
      else raterIndex.set(r, i);
    });
    if (value.raters.length < 2) fail(`raters: at least 2 raters are needed, got ${value.raters.length}`);
  }

  const itemIndex = new Map<unknown, number>();
  const items = Array.isArray(value.items) ? (value.items as unknown[]) : [];
  if (!Array.isArray(value.items)) fail('items: expected an array of {id, study?, condition?, level?}');
  else {
    if (items.length === 0) fail('items: the dataset has no items');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!isRecord(item)) {
        fail(`items[${i}]: expected an object, got ${show(item)}`);
        continue;
      }
      if (typeof item.id !== 'string' || item.id.length === 0) {
        fail(`items[${i}].id: expected a non-empty string, got ${show(item.id)}`);
        continue;
      }
      if (itemIndex.has(item.id)) fail(`items[${i}].id: duplicate item id ${show(item.id)}`);
      else itemIndex.set(item.id, i);
      const { study, condition, level } = item;
      if (study !== undefined && (typeof study !== 'string' || study.length === 0))
        fail(`items[${i}].study: expected a non-empty string, got ${show(study)}`);
      if (condition !== undefined && (typeof condition !== 'string' || condition.length === 0)) {
        fail(`items[${i}].condition: expected a non-empty string, got ${show(condition)}`);
      }
      if (level !== undefined && (typeof level !== 'string' || level.length === 0))
        fail(`items[${i}].level: expected a non-empty string, got ${show(level)}`);
    }
  }

  if (!Array.isArray(value.ratings)) fail('ratings: expected an array of [item id, rater, category or null]');
  if (errors.length > 0) {
    if (Array.isArray(value.ratings)) fail('ratings: not checked until the errors above are fixed');
    return done();
  }
  const ratingsIn = value.ratings as unknown[];
  const R = raterIndex.size;
  const ratings = new Int16Array(items.length * R).fill(-1);
  const seen = new Uint8Array(items.length * R);
  for (let i = 0; i < ratingsIn.length; i++) {
    const rating = ratingsIn[i];
    if (!Array.isArray(rating) || rating.length !== 3) {
      fail(`ratings[${i}]: expected [item id, rater, category or null], got ${show(rating)}`);
      continue;
    }
    const itemId: unknown = rating[0];
    const rater: unknown = rating[1];
    const code: unknown = rating[2];
    const item = itemIndex.get(itemId);
    if (item === undefined) {
      fail(`ratings[${i}]: unknown item id ${show(itemId)}`);
      continue;
    }
    const g = raterIndex.get(rater);
    if (g === undefined) {
      fail(`ratings[${i}]: unknown rater ${show(rater)} (item ${show(itemId)})`);
      continue;
    }
    const at = item * R + g;
    if (seen[at]) fail(`ratings[${i}]: a second rating of item ${show(itemId)} by rater ${show(rater)}`);
    seen[at] = 1;
    if (code === null) continue;
    const k = categoryIndex.get(code);
    if (k === undefined) {
      fail(
        `ratings[${i}]: value ${show(code)} is not one of the categories ${show(value.categories)} (item ${show(itemId)}, rater ${show(rater)})`,
      );
      continue;
    }
    ratings[at] = k;
  }
  if (errors.length > 0) return done();

  const dataset = value as unknown as AgreementDataset;
  const intern = (values: (string | undefined)[]): { names: string[]; index: Int32Array } => {
    const names: string[] = [];
    const ids = new Map<string, number>();
    const index = new Int32Array(values.length);
    values.forEach((v, i) => {
      if (v === undefined) return void (index[i] = -1);
      let id = ids.get(v);
      if (id === undefined) {
        id = names.length;
        ids.set(v, id);
        names.push(v);
      }
      index[i] = id;
    });
    return { names, index };
  };
  const studies = intern(dataset.items.map((item) => item.study ?? item.id));
  const conditions = intern(dataset.items.map((item) => item.condition));
  const levels = intern(dataset.items.map((item) => item.level));
  return {
    errors,
    indexed: {
      id: dataset.id,
      measurement: dataset.measurement,
      categories: dataset.categories,
      categoryLabels: dataset.category_labels,
      raters: dataset.raters,
      itemIds: dataset.items.map((item) => item.id),
      ratings,
      studies: studies.names,
      itemStudy: studies.index,
      conditions: conditions.names,
      itemCondition: conditions.index,
      levels: levels.names,
      itemLevel: levels.index,
    },
  };
}
