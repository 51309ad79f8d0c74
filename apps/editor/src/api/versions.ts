/** Version history endpoints: the list of saved versions of a flow, and one version's flow by hash. */
import { type Flow, FlowSchema } from '@idflow/engine/model';
import { ApiError, request } from './client';
import { type FlowVersion, FlowVersionEnvelopeSchema, FlowVersionListSchema } from './schemas';

const enc = encodeURIComponent;

/** Saved versions, newest first. */
export async function listVersions(flowId: string): Promise<FlowVersion[]> {
  const res = await request(`/flows/${enc(flowId)}/versions`, FlowVersionListSchema);
  return [...res.items].sort((a, b) => b.version - a.version);
}

/** One saved version's flow file (validated with the engine's model). */
export async function getVersion(
  flowId: string,
  hash: string,
): Promise<{ flow: Flow; version: number; hash: string }> {
  const res = await request(`/flows/${enc(flowId)}/versions/${enc(hash)}`, FlowVersionEnvelopeSchema);
  const parsed = FlowSchema.safeParse(res.flow);
  if (!parsed.success) {
    throw new ApiError(200, 'BAD_RESPONSE', `Stored version is not a valid flow: ${parsed.error.message}`);
  }
  return { flow: parsed.data, version: res.version, hash: res.hash };
}
