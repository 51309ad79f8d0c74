/** Run endpoints: start (normal or dry), list, read, cancel, rerun. */
import type { z } from 'zod';
import { z as zod } from 'zod';
import { request } from './client';
import { RunEnvelopeSchema, RunIdSchema, RunListSchema, type RunRecordSchema } from './schemas';

export type RunView = z.output<typeof RunRecordSchema>;
export type StepView = RunView['steps'][number];
export type RerunMode = 'sameVersion' | 'latestVersion' | 'fromFailedStep';

const enc = encodeURIComponent;

export async function startRun(flowId: string, input: unknown): Promise<string> {
  const res = await request(`/flows/${enc(flowId)}/runs`, zod.union([RunIdSchema, RunEnvelopeSchema]), {
    method: 'POST',
    body: { input },
  });
  return 'runId' in res ? res.runId : res.run.id;
}

/** Dry run: the runtime answers with the finished run whose steps carry planned operations. */
export async function dryRun(flowId: string, input: unknown): Promise<RunView> {
  const res = await request(`/flows/${enc(flowId)}/runs`, RunEnvelopeSchema, {
    method: 'POST',
    body: { input, dryRun: true },
  });
  return res.run;
}

export async function listRuns(flowId: string, limit = 30): Promise<RunView[]> {
  const res = await request(`/runs?flowId=${enc(flowId)}&limit=${limit}`, RunListSchema);
  return res.items;
}

export async function getRun(runId: string): Promise<RunView> {
  return (await request(`/runs/${enc(runId)}`, RunEnvelopeSchema)).run;
}

export async function cancelRun(runId: string): Promise<string> {
  const res = await request(`/runs/${enc(runId)}/cancel`, zod.looseObject({ status: zod.string() }), {
    method: 'POST',
  });
  return res.status;
}

export async function rerun(runId: string, mode: RerunMode): Promise<string> {
  return (await request(`/runs/${enc(runId)}/rerun`, RunIdSchema, { method: 'POST', body: { mode } })).runId;
}
