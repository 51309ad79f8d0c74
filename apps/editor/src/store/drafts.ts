/** Draft wording shared by the toolbar, the save toast and the flows list: a flow saved with problems is a draft. */
import { ApiError } from '../api/client';
import type { LoadedFlow } from '../api/flows';

export const problemsText = (n: number): string => `${n} problem${n === 1 ? '' : 's'}`;

/** What the header shows for the canvas's live validation. */
export function validityLabel(errors: number): string {
  return errors > 0 ? `draft · ${problemsText(errors)}` : 'valid';
}

/** The toast after a save: drafts say how many problems are left. */
export function savedNotice(saved: LoadedFlow): string {
  const problems = saved.problems?.length ?? 0;
  return saved.valid === false
    ? `Saved as draft — ${problemsText(problems)}. Fix them to enable or run the flow.`
    : `Saved version ${saved.version}.`;
}

/** The toast after "Restore": the version is on the canvas, nothing is stored until the admin saves. */
export function restoredNotice(version: number): string {
  return `Version ${version} loaded as unsaved changes. Review it, then Save to make it the current version (Undo reverts).`;
}

/** Why Run / Dry run are off, or null when the flow can run. */
export function runBlockedReason(errors: number): string | null {
  return errors > 0
    ? `This flow is a draft with ${problemsText(errors)}: fix them (see the Inspector's flow overview) to run it.`
    : null;
}

/** The runtime refused to save an invalid version because the flow is enabled (what runs stays valid). */
export function isEnabledDraftRefusal(err: unknown): err is ApiError {
  return err instanceof ApiError && err.code === 'FLOW_INVALID' && err.status === 400;
}

/** A runtime refusal with its first problem paths, for messages outside the canvas. */
export function describeRefusal(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const shown = err.details.slice(0, 3).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
  const more = err.details.length > 3 ? ` (+${err.details.length - 3} more)` : '';
  return shown.length > 0 && err.code === 'FLOW_INVALID'
    ? `${err.message.split(':')[0]}. ${shown.join('; ')}${more}`
    : err.message;
}
