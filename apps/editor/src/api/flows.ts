/** Flow endpoints of the runtime API: list, read, save with If-Match, import/export, enable, webhook info. */
import { type Flow, FlowSchema } from '@idflow/engine/model';
import { z } from 'zod';
import { ApiError, request, requestVoid, send } from './client';
import {
  FlowEnvelopeSchema,
  FlowListSchema,
  type FlowSummary,
  ImportResultSchema,
  type Issue,
  ValidateResultSchema,
  WebhookInfoSchema,
} from './schemas';

export interface LoadedFlow {
  flow: Flow;
  version: number;
  hash?: string;
  enabled?: boolean;
  /** False for a draft: stored with validation problems, so it cannot be enabled or run. */
  valid?: boolean;
  problems?: Issue[];
}

function toLoaded(env: z.output<typeof FlowEnvelopeSchema>): LoadedFlow {
  const parsed = FlowSchema.safeParse(env.flow);
  if (!parsed.success)
    throw new ApiError(200, 'BAD_RESPONSE', `Stored flow is not valid: ${parsed.error.message}`);
  return {
    flow: parsed.data,
    version: env.version,
    hash: env.hash,
    enabled: env.enabled,
    valid: env.valid,
    problems: env.problems,
  };
}

const enc = encodeURIComponent;

export async function listFlows(token?: string): Promise<FlowSummary[]> {
  const res = await request('/flows', FlowListSchema, { token, keepSessionOn401: token !== undefined });
  return res.items;
}

export async function getFlow(id: string): Promise<LoadedFlow> {
  return toLoaded(await request(`/flows/${enc(id)}`, FlowEnvelopeSchema));
}

let prefetched: { id: string; promise: Promise<LoadedFlow> } | null = null;

/** Starts loading a flow before the canvas chunk arrives (opening #/flows/:id directly). */
export function prefetchFlow(id: string): void {
  const promise = getFlow(id);
  promise.catch(() => undefined);
  prefetched = { id, promise };
}

/** The prefetched flow when there is one for this id (used once), else a fresh read. */
export function takeFlow(id: string): Promise<LoadedFlow> {
  if (prefetched?.id === id) {
    const { promise } = prefetched;
    prefetched = null;
    return promise;
  }
  return getFlow(id);
}

/** Creates a flow (disabled); one with problems is stored as a draft (`valid: false`). */
export async function createFlow(flow: Flow): Promise<LoadedFlow> {
  return toLoaded(await request('/flows', FlowEnvelopeSchema, { method: 'POST', body: flow }));
}

/**
 * Saves with optimistic locking; a stale version rejects with ApiError code VERSION_CONFLICT (409). A flow with
 * problems is saved as a draft (`valid: false`) while disabled; while enabled it rejects with FLOW_INVALID (400).
 */
export async function saveFlow(flow: Flow, version: number): Promise<LoadedFlow> {
  const env = await request(`/flows/${enc(flow.id)}`, FlowEnvelopeSchema, {
    method: 'PUT',
    body: flow,
    headers: { 'If-Match': `"${version}"` },
  });
  return toLoaded(env);
}

export function deleteFlow(id: string): Promise<void> {
  return requestVoid(`/flows/${enc(id)}`, { method: 'DELETE' });
}

export async function setFlowEnabled(id: string, enabled: boolean): Promise<boolean> {
  const res = await request(
    `/flows/${enc(id)}/${enabled ? 'enable' : 'disable'}`,
    z.object({ enabled: z.boolean() }),
    { method: 'POST' },
  );
  return res.enabled;
}

export function validateFlowRemote(flow: unknown) {
  return request('/flows/validate', ValidateResultSchema, { method: 'POST', body: flow });
}

export function importFlows(flows: unknown[]) {
  return request('/flows/import', ImportResultSchema, { method: 'POST', body: { flows, mode: 'upsert' } });
}

/** The canonical file text as the runtime exports it. */
export async function exportFlowText(id: string): Promise<string> {
  const res = await send(`/flows/${enc(id)}/export`);
  return res.text();
}

export function getWebhookInfo(id: string) {
  return request(`/flows/${enc(id)}/webhook`, WebhookInfoSchema);
}

/** Triggers a browser download of text as a file. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
