/** Finds the exact flow version a run asks for: the current flow when its hash matches, else the stored version by hash. */
import type { Flow } from '@idflow/engine';
import type { Store } from '../store/types';

export async function loadFlowForRun(store: Store, flowId: string, hash: string): Promise<Flow> {
  const current = await store.getFlow(flowId);
  if (current && current.hash === hash) return current.flow;
  const version = await store.getFlowVersion(flowId, hash);
  if (version) return version.flow;
  throw new Error(
    current
      ? `Flow ${flowId} version ${hash.slice(0, 12)} is no longer stored; rerun with the latest version.`
      : `Flow ${flowId} was deleted.`,
  );
}
