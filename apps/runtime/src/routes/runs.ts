/**
 * /api/v1 runs: run now (dry run, wait), list with filters and paging, get, cancel, rerun (same version, latest, from
 * the failed step). A draft (invalid flow or version) is refused with 400 FLOW_INVALID before any run is created.
 */
import type { RunRecord } from '@idflow/engine';
import {
  CancelOut,
  PruneOut,
  RerunBody,
  RunEnvelope,
  RunIdOut,
  RunListOut,
  RunNowBody,
  RunsQuery,
} from '../api-schemas';
import type { RuntimeContext } from '../context';
import { ApiError } from '../http/errors';
import { defineRoute, type Route } from '../http/route';
import { flowId, getFlowOr404 } from './flows';

/** How long `wait`/`dryRun` requests wait before answering 202 with the run id. */
const WAIT_MS = 120_000;

/** A run without its steps' input/output, for lists. */
export function runSummary(run: RunRecord): RunRecord {
  return { ...run, steps: run.steps.map(({ input: _i, output: _o, ...rest }) => rest) };
}

async function getRunOr404(c: RuntimeContext, runId: string): Promise<RunRecord> {
  const run = runId.length <= 100 ? await c.store.getRun(runId) : undefined;
  if (!run)
    throw new ApiError('NOT_FOUND', `Run ${runId.slice(0, 100)} does not exist (it may have been pruned).`);
  return run;
}

export function runRoutes(c: RuntimeContext): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/:id/runs',
      summary: 'Run a flow now (202 { runId }, or 200 { run } with wait or dryRun)',
      tag: 'runs',
      body: RunNowBody,
      status: 202,
      response: RunIdOut,
      handler: async ({ body, params }, _req, res) => {
        if (c.lifecycle.shuttingDown) throw new ApiError('UNAVAILABLE', 'The runtime is shutting down.');
        const id = flowId(params);
        c.flows.assertRunnable(await getFlowOr404(c, id), body.dryRun ? 'dry-run' : 'run');
        const run = await c.runs.create({
          flowId: id,
          trigger: { kind: 'manual', data: body.input ?? {} },
          dryRun: body.dryRun,
        });
        if (!body.wait && !body.dryRun) {
          res.status(202).json({ runId: run.id });
          return;
        }
        const final = await c.runs.wait(run.id, WAIT_MS);
        if (!final) res.status(202).json({ runId: run.id, status: 'running' });
        else res.json({ run: final });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/runs',
      summary: 'List runs (newest first) by flow, status, time and text',
      tag: 'runs',
      query: RunsQuery,
      response: RunListOut,
      handler: async ({ query }, _req, res) => {
        const page = await c.store.listRuns({ ...query, limit: query.limit ?? 50 });
        res.json({
          items: page.items.map(runSummary),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/runs/:runId',
      summary: 'Get a run record with its steps',
      tag: 'runs',
      response: RunEnvelope,
      handler: async ({ params }, _req, res) => {
        res.json({ run: await getRunOr404(c, String(params.runId)) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/runs/prune',
      summary:
        'Apply the retention policy now (it also runs at start and every IDFLOW_RETENTION_INTERVAL_MINUTES)',
      tag: 'runs',
      response: PruneOut,
      handler: async (_input, _req, res) => {
        const policy = {
          maxRunsPerFlow: c.config.retentionMaxRuns,
          maxAgeDays: c.config.retentionMaxAgeDays,
        };
        res.json({ removed: await c.store.pruneRuns(policy, new Date(c.clock.now())) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/runs/:runId/cancel',
      summary: 'Cancel a queued or running run',
      tag: 'runs',
      response: CancelOut,
      handler: async ({ params }, _req, res) => {
        const run = await getRunOr404(c, String(params.runId));
        res.json({ status: await c.runs.cancel(run.id) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/runs/:runId/rerun',
      summary: 'Rerun: same flow version, latest version, or resume from the failed step',
      tag: 'runs',
      body: RerunBody,
      status: 202,
      response: RunIdOut,
      handler: async ({ body, params }, _req, res) => {
        if (c.lifecycle.shuttingDown) throw new ApiError('UNAVAILABLE', 'The runtime is shutting down.');
        const original = await getRunOr404(c, String(params.runId));
        const current = await getFlowOr404(c, original.flowId);
        const trigger = { kind: 'rerun' as const, data: original.trigger.data };
        let hash = original.flowHash;
        let resumeFrom: { nodeId: string; steps: RunRecord['steps'] } | undefined;
        if (body.mode === 'latestVersion') hash = current.hash;
        if (
          body.mode === 'sameVersion' &&
          hash !== current.hash &&
          !(await c.store.getFlowVersion(original.flowId, hash))
        ) {
          throw new ApiError(
            'CONFLICT',
            'The flow version this run used is no longer stored: rerun with latestVersion.',
          );
        }
        if (body.mode === 'fromFailedStep') {
          const failed = original.steps.find((s) => s.status === 'failed');
          if (original.status !== 'failed' || !failed) {
            throw new ApiError(
              'CONFLICT',
              `Run ${original.id} has no failed step (status ${original.status}); use sameVersion.`,
            );
          }
          resumeFrom = { nodeId: failed.nodeId, steps: original.steps };
        }
        const target = hash === current.hash ? current : await c.store.getFlowVersion(original.flowId, hash);
        if (!target) {
          throw new ApiError(
            'CONFLICT',
            'The flow version this run used is no longer stored: rerun with latestVersion.',
          );
        }
        c.flows.assertRunnable({ flow: target.flow, hash: target.hash }, 'run');
        const run = await c.runs.create({
          flowId: original.flowId,
          trigger,
          flowHash: hash,
          rerunOf: original.id,
          resumeFrom,
        });
        res.status(202).json({ runId: run.id });
      },
    }),
  ];
}
