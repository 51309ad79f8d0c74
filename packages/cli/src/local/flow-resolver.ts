/** Resolves helper flows (flow.call, control.forEach) from `<dir>/<id>.flow.json` for local runs. */
import { join } from 'node:path';
import type { Catalog, Flow } from '@idflow/engine';
import { NodeError } from '@idflow/engine';
import { CliError } from '../errors';
import { checkFlowFile } from '../io/load-flow-file';

/**
 * Returns a loader for helper flows in one directory, migrated and validated, cached per id.
 * @example runFlow(compiled, { ..., resolveFlow: flowResolver('flows', catalog) })
 */
export function flowResolver(dir: string, catalog: Pick<Catalog, 'get'>): (flowId: string) => Promise<Flow> {
  const cache = new Map<string, Promise<Flow>>();
  const load = async (flowId: string): Promise<Flow> => {
    const file = join(dir, `${flowId}.flow.json`);
    let checked: Awaited<ReturnType<typeof checkFlowFile>>;
    try {
      checked = await checkFlowFile(file, catalog);
    } catch (error) {
      const message = error instanceof CliError ? error.message : String(error);
      throw new NodeError('FLOW_NOT_FOUND', `Helper flow "${flowId}": ${message}`, { retryable: false });
    }
    if (!checked.ok) {
      const first = checked.errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('; ');
      throw new NodeError('FLOW_NOT_FOUND', `Helper flow "${flowId}" (${file}) is invalid: ${first}`, {
        retryable: false,
      });
    }
    if (checked.flow.id !== flowId) {
      throw new NodeError('FLOW_NOT_FOUND', `${file} holds flow "${checked.flow.id}", not "${flowId}"`, {
        retryable: false,
      });
    }
    return checked.flow;
  };
  return (flowId) => {
    let found = cache.get(flowId);
    if (!found) {
      found = load(flowId);
      cache.set(flowId, found);
      found.catch(() => cache.delete(flowId));
    }
    return found;
  };
}
