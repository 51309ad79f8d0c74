/** The run shown on the canvas: live step statuses from SSE, or an opened run record; and the inspected step. */
import type { RunEvent } from '@idflow/engine';
import { create } from 'zustand';
import { getRun, type RunView, type StepView } from '../api/runs';

export interface StepBadge {
  status: 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  durationMs?: number;
  attempt?: number;
}

interface RunState {
  /** Run followed live or opened from the runs panel. */
  runId: string | null;
  run: RunView | null;
  badges: Record<string, StepBadge>;
  /** Last finished run of this flow, for the field picker and expression previews. */
  sample: RunView | null;
  /** Bumped when any run of the flow finishes, so the runs panel refreshes. */
  finishedTick: number;
  /** Node whose step details the inspector shows. */
  inspectStep: boolean;
  follow(runId: string): void;
  show(run: RunView): void;
  clear(): void;
  setSample(run: RunView | null): void;
  onEvent(event: RunEvent): void;
  setInspectStep(on: boolean): void;
}

function badgesOf(steps: StepView[]): Record<string, StepBadge> {
  const out: Record<string, StepBadge> = {};
  for (const s of steps) out[s.nodeId] = { status: s.status, durationMs: s.durationMs, attempt: s.attempts };
  return out;
}

const BUFFER_LIMIT = 500;
let buffer: RunEvent[] = [];

export const useRun = create<RunState>((set, get) => ({
  runId: null,
  run: null,
  badges: {},
  sample: null,
  finishedTick: 0,
  inspectStep: false,
  follow(runId) {
    set({ runId, run: null, badges: {} });
    // Events that arrived before the POST answered carry this run id: replay them.
    const early = buffer.filter((e) => e.runId === runId);
    buffer = buffer.filter((e) => e.runId !== runId);
    for (const e of early) get().onEvent(e);
  },
  show(run) {
    set({ runId: run.id, run, badges: badgesOf(run.steps), inspectStep: true });
    if (!run.dryRun && run.status !== 'running' && run.status !== 'queued') set({ sample: run });
  },
  clear() {
    set({ runId: null, run: null, badges: {}, inspectStep: false });
  },
  setSample(run) {
    set({ sample: run });
  },
  setInspectStep(on) {
    set({ inspectStep: on });
  },
  onEvent(event) {
    if (event.type === 'run.finished') set({ finishedTick: get().finishedTick + 1 });
    if (event.runId !== get().runId) {
      buffer.push(event);
      if (buffer.length > BUFFER_LIMIT) buffer.shift();
      return;
    }
    if (event.type === 'step.started') {
      set({ badges: { ...get().badges, [event.nodeId]: { status: 'running', attempt: event.attempt } } });
    } else if (event.type === 'step.finished') {
      const s = event.step;
      set({
        badges: {
          ...get().badges,
          [event.nodeId]: { status: s.status, durationMs: s.durationMs, attempt: s.attempts },
        },
      });
    } else if (event.type === 'run.finished') {
      const runId = event.runId;
      getRun(runId)
        .then((run) => {
          if (get().runId === runId) get().show(run);
        })
        .catch(() => undefined);
    }
  },
}));
