/** Loads a flow's saved versions and the flows the dialog compares (each version fetched once, by hash). */
import type { Flow } from '@idflow/engine/model';
import { useEffect, useMemo, useState } from 'react';
import { describeError } from '../api/client';
import type { FlowVersion } from '../api/schemas';
import { getVersion, listVersions } from '../api/versions';
import { type CompareTarget, type Comparison, canvasSide, compareSides, versionSide } from './compare';

export interface VersionHistory {
  /** Newest first; the first one is the flow's current version on the server. */
  items: FlowVersion[] | null;
  error: string | null;
  /** The version the admin picked (the one "Restore" loads), and its flow once fetched. */
  picked: FlowVersion | null;
  pickedFlow: Flow | null;
  select(hash: string): void;
  target: CompareTarget;
  compareWith(target: CompareTarget): void;
  /** Null while a side is still loading. */
  comparison: Comparison | null;
}

/** `canvas` is the canvas as the dialog opened (it cannot change behind the modal). */
export function useVersionHistory(
  flowId: string,
  canvas: { flow: Flow; dirty: boolean; version: number },
): VersionHistory {
  const [items, setItems] = useState<FlowVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [target, setTarget] = useState<CompareTarget>('canvas');
  const [flows, setFlows] = useState<ReadonlyMap<string, Flow>>(new Map());

  useEffect(() => {
    let live = true;
    listVersions(flowId)
      .then((list) => {
        if (!live) return;
        setItems(list);
        // The version before the current one: "what did the last save change?"
        setSelected(list[1]?.hash ?? list[0]?.hash ?? null);
      })
      .catch((err: unknown) => live && setError(describeError(err)));
    return () => {
      live = false;
    };
  }, [flowId]);

  const targetHash = target === 'canvas' ? null : target.hash;
  useEffect(() => {
    const missing = [selected, targetHash].filter((h): h is string => !!h && !flows.has(h));
    if (missing.length === 0) return;
    let live = true;
    Promise.all(missing.map((h) => getVersion(flowId, h)))
      .then((got) => {
        if (!live) return;
        setFlows((prev) => new Map([...prev, ...got.map((v) => [v.hash, v.flow] as const)]));
      })
      .catch((err: unknown) => live && setError(describeError(err)));
    return () => {
      live = false;
    };
  }, [flowId, selected, targetHash, flows]);

  const picked = items?.find((v) => v.hash === selected) ?? null;
  const pickedFlow = (selected && flows.get(selected)) || null;
  const comparison = useMemo(() => {
    if (!picked || !pickedFlow) return null;
    const own = versionSide(picked, pickedFlow);
    if (target === 'canvas') return compareSides(own, canvasSide(canvas.flow, canvas.dirty, canvas.version));
    const other = items?.find((v) => v.hash === target.hash);
    const otherFlow = flows.get(target.hash);
    return other && otherFlow ? compareSides(own, versionSide(other, otherFlow)) : null;
  }, [picked, pickedFlow, target, items, flows, canvas]);

  return {
    items,
    error,
    picked,
    pickedFlow,
    select: (hash) => {
      setError(null);
      setSelected(hash);
      // Comparing a version with itself says nothing: fall back to the canvas.
      if (target !== 'canvas' && target.hash === hash) setTarget('canvas');
    },
    target,
    compareWith: (next) => {
      setError(null);
      setTarget(next);
    },
    comparison,
  };
}
