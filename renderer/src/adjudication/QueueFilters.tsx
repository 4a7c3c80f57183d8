/**
 * The adjudication queue's filters: condition, level, reader and disagreement kind, each "all" or one
 * value, passed as they are to `getAdjudicationQueue` (which filters the open cells, so the queue and its
 * counters follow). Readers are the profiles with the role 'reader' (`listReaders`).
 *
 * Escape in a select gives the keys back to the adjudication screen (keys are inert in a form field).
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { MethodInput } from '../../../annotations/contract/contract';
import type { DisagreementKindName, ReaderInfo } from '../../../annotations/contract/types';
import { CONDITION_ABBREVIATIONS, CONDITIONS, LEVELS, type Condition, type Level } from '../../../annotations/domain/protocol';
import { api } from '../transport/transport';

export type QueueFilter = Omit<MethodInput<'getAdjudicationQueue'>, 'viewerId'>;

export const KIND_NAMES: readonly DisagreementKindName[] = ['grade', 'gap', 'severe', 'gradability', 'distance', 'level'];

/** Whether any filter is set. */
export const isFiltered = (filter: QueueFilter) =>
  filter.condition !== undefined || filter.level !== undefined || filter.readerId !== undefined || filter.kind !== undefined;

/** The filter with one field set to a value, or removed for '' ("all"). */
function withField<K extends keyof QueueFilter>(filter: QueueFilter, key: K, value: QueueFilter[K] | undefined): QueueFilter {
  const next: QueueFilter = { ...filter };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

const blurOnEscape = (e: KeyboardEvent<HTMLSelectElement>) => {
  if (e.key === 'Escape') e.currentTarget.blur();
};

export function QueueFilters({ filter, onChange }: { filter: QueueFilter; onChange: (next: QueueFilter) => void }) {
  const [readers, setReaders] = useState<readonly ReaderInfo[]>([]);
  const [readersError, setReadersError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.listReaders({}).then(
      (all) => {
        if (live) setReaders(all.filter((r) => r.role === 'reader'));
      },
      (e: unknown) => {
        if (live) setReadersError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const set = <K extends keyof QueueFilter>(key: K, value: QueueFilter[K] | undefined) => onChange(withField(filter, key, value));

  return (
    <div className="adj-filters" role="group" aria-label="Queue filters">
      <FilterSelect
        label="Condition"
        value={filter.condition ?? ''}
        options={CONDITIONS.map((c) => ({ value: c, text: `${CONDITION_ABBREVIATIONS[c]} · ${c}` }))}
        onChange={(v) => set('condition', (v || undefined) as Condition | undefined)}
      />
      <FilterSelect
        label="Level"
        value={filter.level ?? ''}
        options={LEVELS.map((l) => ({ value: l, text: l }))}
        onChange={(v) => set('level', (v || undefined) as Level | undefined)}
      />
      <FilterSelect
        label="Reader"
        value={filter.readerId === undefined ? '' : String(filter.readerId)}
        options={readers.map((r) => ({ value: String(r.id), text: r.name }))}
        onChange={(v) => set('readerId', v ? Number(v) : undefined)}
        unavailable={readersError === null ? null : `Could not load the readers: ${readersError}`}
      />
      <FilterSelect
        label="Kind"
        value={filter.kind ?? ''}
        options={KIND_NAMES.map((k) => ({ value: k, text: k }))}
        onChange={(v) => set('kind', (v || undefined) as DisagreementKindName | undefined)}
      />
    </div>
  );
}

/** One filter: a label and a select whose first option, "all", is the empty value. */
function FilterSelect({
  label,
  value,
  options,
  onChange,
  unavailable = null,
}: {
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; text: string }>;
  onChange: (value: string) => void;
  /** Why the options could not be loaded (the select is then disabled). */
  unavailable?: string | null;
}) {
  const id = useId();
  return (
    <div className="adj-filter">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={blurOnEscape}
        disabled={unavailable !== null}
        title={unavailable ?? undefined}
      >
        <option value="">all</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}
