/** Per-step bookkeeping of helper-flow child runs: a count and a few ids, so a 10,000-item loop stays small. */
import type { ChildRunsSummary, RunRecord, StepRecord } from '../run-types';

/** Ids kept in `childRunIds` (the rest are found by `parentRunId`). */
export const CHILD_IDS_KEPT = 20;
/** Ids of failed child runs kept in `childRuns.failedIds`. */
export const FAILED_IDS_KEPT = 100;

export class ChildRuns {
  // Made on the first child: most steps start none.
  private seen: Set<string> | undefined;
  private firstIds: string[] | undefined;
  private failedIds: string[] | undefined;
  private failed = 0;

  /** A finished child run started through `ctx.subflows`. */
  add(record: Pick<RunRecord, 'id' | 'status'>): void {
    if (!this.addId(record.id)) return;
    if (record.status !== 'succeeded') {
      this.failed++;
      this.failedIds ??= [];
      if (this.failedIds.length < FAILED_IDS_KEPT) this.failedIds.push(record.id);
    }
  }

  /** An id a node reported itself (`NodeResult.childRunIds`); false when already known. */
  addId(id: string): boolean {
    this.seen ??= new Set();
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    this.firstIds ??= [];
    if (this.firstIds.length < CHILD_IDS_KEPT) this.firstIds.push(id);
    return true;
  }

  get count(): number {
    return this.seen?.size ?? 0;
  }

  /** Writes `childRunIds` and `childRuns` onto the step when there were any. */
  fill(step: StepRecord): void {
    if (!this.seen || this.seen.size === 0) return;
    step.childRunIds = this.firstIds ? this.firstIds.slice() : [];
    const summary: ChildRunsSummary = { count: this.seen.size, failed: this.failed };
    if (this.failedIds && this.failedIds.length > 0) summary.failedIds = this.failedIds.slice();
    step.childRuns = summary;
  }
}
