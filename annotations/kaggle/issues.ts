/**
 * Problems found in Kaggle files, located as `file:line:column` (both 1-based), and the result type the
 * parsers return.
 *
 * Invariants: every issue names a file, a line and a column; file-level problems (missing or empty file)
 * sit at 1:1. Columns count UTF-16 code units of the line after the UTF-8 BOM (if any) is removed, which is
 * the character position for the ASCII text valid Kaggle files contain. Parsers are all-or-nothing: either
 * a value or the errors, never both.
 */

/** One problem in one file. */
export interface KaggleIssue {
  readonly file: string;
  /** 1-based line number (the header is line 1). */
  readonly line: number;
  /** 1-based column of the offending character or field. */
  readonly column: number;
  readonly message: string;
}

/** The outcome of reading a file (or several): the value, or every error found. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: KaggleIssue[] };

/** `file:line:column: message`, the form editors and terminals link. */
export function formatIssue(issue: KaggleIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

/** Builds an issue (keeps call sites short). */
export function issue(file: string, line: number, column: number, message: string): KaggleIssue {
  return { file, line, column, message };
}

/** Thrown by the convenience `unwrap` when a parse failed; carries every issue. */
export class KaggleFilesError extends Error {
  constructor(readonly issues: readonly KaggleIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'KaggleFilesError';
  }
}

/** The value of a successful parse; throws KaggleFilesError with all the errors otherwise. */
export function unwrap<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new KaggleFilesError(parsed.errors);
  return parsed.value;
}

/** Sorts issues by file, line, column (stable for equal positions). */
export function sortIssues(issues: KaggleIssue[]): KaggleIssue[] {
  return issues.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
}
