/** The ApiErrors flow writes answer with: validation issues as error details, invalid flows, claimed webhook paths. */
import type { Issue } from '@idflow/engine';
import { ApiError, type ErrorDetail } from './http/errors';

const prefix = (base: string, path: string) => (base ? (path ? `${base}.${path}` : base) : path);

const plural = (n: number) => `${n} problem${n === 1 ? '' : 's'}`;

/**
 * Validation issues as error details, their paths under `base` (e.g. `flows[2]` in an import).
 * @example toDetails(result.errors, 'flows[0]')
 */
export const toDetails = (issues: Issue[], base = ''): ErrorDetail[] =>
  issues.map((i) => ({
    path: prefix(base, i.path),
    message: i.message,
    code: i.code,
    ...(i.nodeId ? { nodeId: i.nodeId } : {}),
  }));

/**
 * 400 FLOW_INVALID: the flow has problems, so `action` is refused.
 * @example throw flowInvalidError(flow.id, problems, 'be enabled');
 */
export function flowInvalidError(flowId: string, problems: Issue[], action: string): ApiError {
  return new ApiError(
    'FLOW_INVALID',
    `Flow ${flowId} has ${plural(problems.length)}, so it cannot ${action}: ${problems[0]?.message ?? ''}`,
    toDetails(problems),
    { flowId, problemCount: problems.length },
  );
}

/** 400 FLOW_INVALID for an invalid version of an enabled flow: says how to save it as a draft instead. */
export function invalidWhileEnabledError(flowId: string, problems: Issue[]): ApiError {
  const err = flowInvalidError(flowId, problems, 'be saved while it is enabled');
  return new ApiError(
    'FLOW_INVALID',
    `${err.message} — disable the flow to save this version as a draft.`,
    err.details,
    { ...err.extra, enabled: true },
  );
}

/** 400 VALIDATION: drafts stay out of directory mode (its files are what runs). */
export function draftInDirModeError(flowId: string, problems: Issue[]): ApiError {
  return new ApiError(
    'VALIDATION',
    `The flow has ${plural(problems.length)}; in directory mode only valid flows are saved (the file is what runs): ${problems[0]?.message ?? ''}`,
    toDetails(problems),
    { flowId },
  );
}

/** 409: another enabled flow already listens on this webhook path. */
export function pathClaimedError(path: string, otherFlowId: string): ApiError {
  return new ApiError(
    'CONFLICT',
    `The enabled flow "${otherFlowId}" already listens on /hooks/${path}: pick another path or disable that flow first.`,
    [
      {
        path: 'nodes',
        message: `webhook path "${path}" is claimed by flow "${otherFlowId}"`,
        nodeId: otherFlowId,
      },
    ],
    { conflictingFlowId: otherFlowId },
  );
}
