/**
 * Data problems: what validation reports, and how to print it.
 *
 * @packageDocumentation
 */

/** One problem found in a dataset's data. */
export interface DataProblem {
  /** The file, as the user knows it: `data/train.txt`, `data/acoustic/trans.txt`, `data/a.zip!/trans.txt`, `inline text`. */
  file: string;
  /** 1-based line number, for problems on a line of a text file. */
  line?: number;
  /** What is wrong and, where possible, what the docs require. */
  reason: string;
  /**
   * `"warning"` for issues the service may tolerate (documented advice, doc conflicts, lines it may
   * drop). Absent means an error. Warnings are only returned with `includeWarnings: true`.
   */
  severity?: "warning";
}

/**
 * Format problems as one message per problem, e.g.
 * `source: data/train.txt line 12: Pronunciation lines need a TAB between the display form and the spoken form`.
 */
export function formatProblems(property: string, problems: readonly DataProblem[]): string[] {
  return problems.map((p) => `${property}: ${p.file}${p.line !== undefined ? ` line ${p.line}` : ""}: ${p.severity === "warning" ? "warning: " : ""}${p.reason}`);
}

/** Collects problems with a cap, so a huge bad file cannot grow memory without bound. */
export class ProblemSink {
  readonly problems: DataProblem[] = [];
  private dropped = 0;
  private droppedErrors = 0;
  private errors = 0;
  constructor(private readonly includeWarnings: boolean, private readonly max: number) {}

  /** Record an error. */
  error(file: string, reason: string, line?: number): void {
    this.errors++;
    if (!this.push(line === undefined ? { file, reason } : { file, line, reason })) this.droppedErrors++;
  }

  /** Record a warning (kept only when warnings are requested). */
  warn(file: string, reason: string, line?: number): void {
    if (!this.includeWarnings) return;
    this.push(line === undefined ? { file, reason, severity: "warning" } : { file, line, reason, severity: "warning" });
  }

  /** Whether warnings are kept (lets callers skip warning-only checks). */
  get wantsWarnings(): boolean { return this.includeWarnings; }

  /** Number of errors seen (including dropped ones). */
  get errorCount(): number { return this.errors; }

  private push(p: DataProblem): boolean {
    if (this.problems.length < this.max) { this.problems.push(p); return true; }
    this.dropped++;
    return false;
  }

  /** The problems, with a final note when some were dropped. */
  finish(file: string): DataProblem[] {
    if (this.droppedErrors > 0) this.problems.push({ file, reason: `${this.dropped} more problems not shown` });
    else if (this.dropped > 0) this.problems.push({ file, reason: `${this.dropped} more warnings not shown`, severity: "warning" });
    return this.problems;
  }
}
