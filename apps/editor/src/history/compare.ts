/** Which two flows the history dialog compares (always older → newer, the canvas newest) and how they are named. */
import type { Flow } from '@idflow/engine/model';
import type { FlowVersion } from '../api/schemas';
import { diffFlows, type FlowDiff } from './flowDiff';

/** One side of a comparison: a saved version or the canvas. */
export interface Side {
  label: string;
  /** Orders the sides: the version number; the canvas is newer than every saved version. */
  order: number;
  flow: Flow;
}

export interface Comparison {
  from: Side;
  to: Side;
  diff: FlowDiff;
}

/** What the compare-with menu offers: the canvas, or a saved version by hash. */
export type CompareTarget = 'canvas' | { hash: string };

/**
 * Diffs two sides in reading order, so "added" always means "added later", whichever one the admin picked first.
 * @example compareSides(versionSide(v1, f1), canvasSide(f2, false, 2)).from.label // "version 1"
 */
export function compareSides(a: Side, b: Side): Comparison {
  const [from, to] = a.order <= b.order ? [a, b] : [b, a];
  return { from, to, diff: diffFlows(from.flow, to.flow) };
}

/** The canvas as a side; `version` is the one it was loaded or last saved as. */
export function canvasSide(flow: Flow, dirty: boolean, version: number): Side {
  const label = dirty ? 'the canvas (unsaved changes)' : `the canvas (version ${version})`;
  return { label, order: Number.POSITIVE_INFINITY, flow };
}

export function versionSide(v: FlowVersion, flow: Flow): Side {
  return { label: `version ${v.version}`, order: v.version, flow };
}
