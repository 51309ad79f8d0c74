/**
 * Loads the flow into the editor store, saves with If-Match (a flow with problems is saved as a draft; an enabled
 * one is refused and offered "disable and save as draft"), follows run events and the route's run.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, describeError } from '../../api/client';
import { subscribeFlowEvents } from '../../api/events';
import { getFlow, saveFlow, setFlowEnabled, takeFlow } from '../../api/flows';
import { getRun, listRuns } from '../../api/runs';
import type { Issue } from '../../api/schemas';
import { isEnabledDraftRefusal, savedNotice } from '../../store/drafts';
import { useEditor } from '../../store/editorStore';
import { useRun } from '../../store/runStore';

export interface FlowSession {
  loadError: string | null;
  saving: boolean;
  conflict: { currentVersion?: number } | null;
  /** Set when saving an enabled flow was refused for its problems: offer "disable and save as draft". */
  draftOffer: { problems: Issue[] } | null;
  save(overwriteVersion?: number): Promise<boolean>;
  /** Disables the flow (its trigger stops), then saves the canvas as a draft. */
  disableAndSaveDraft(): Promise<boolean>;
  dismissDraftOffer(): void;
  reload(first?: boolean): Promise<void>;
  dismissConflict(): void;
}

export function useFlowSession(flowId: string, runId: string | undefined): FlowSession {
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ currentVersion?: number } | null>(null);
  const [draftOffer, setDraftOffer] = useState<{ problems: Issue[] } | null>(null);

  const reload = useCallback(
    async (first = false) => {
      try {
        useEditor.getState().load(await (first ? takeFlow(flowId) : getFlow(flowId)));
        setConflict(null);
        setLoadError(null);
      } catch (err) {
        setLoadError(describeError(err));
      }
    },
    [flowId],
  );

  useEffect(() => {
    useEditor.setState({ meta: null, nodes: [], edges: [], past: [], future: [], dirty: false });
    useRun.getState().clear();
    useRun.getState().setSample(null);
    void reload(true);
    // The last finished run feeds the field picker and expression previews.
    listRuns(flowId, 10)
      .then((runs) => runs.find((r) => !r.dryRun && (r.status === 'succeeded' || r.status === 'failed')))
      .then((r) => (r ? getRun(r.id) : null))
      .then((r) => r && !useRun.getState().sample && useRun.getState().setSample(r))
      .catch(() => undefined);
    const unsubscribe = subscribeFlowEvents(flowId, (e) => useRun.getState().onEvent(e));
    return unsubscribe;
  }, [flowId, reload]);

  useEffect(() => {
    if (!runId) return;
    getRun(runId)
      .then((r) => useRun.getState().show(r))
      .catch(() => undefined);
  }, [runId]);

  // Safety net for a missed SSE frame: poll the followed run until it finishes.
  useEffect(() => {
    const timer = setInterval(() => {
      const { runId: id, run } = useRun.getState();
      if (!id || (run && run.status !== 'running' && run.status !== 'queued')) return;
      getRun(id)
        .then((r) => {
          if (useRun.getState().runId !== id) return;
          if (r.status !== 'running' && r.status !== 'queued') useRun.getState().show(r);
        })
        .catch(() => undefined);
    }, 2000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (useEditor.getState().dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, []);

  const save = useCallback(async (overwriteVersion?: number) => {
    const s = useEditor.getState();
    if (!s.meta) return false;
    setSaving(true);
    try {
      const saved = await saveFlow(s.toFlow(), overwriteVersion ?? s.version);
      useEditor.getState().markSaved(saved);
      useEditor.getState().notify(savedNotice(saved), saved.valid === false ? 'error' : 'info');
      setConflict(null);
      setDraftOffer(null);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'VERSION_CONFLICT') {
        setConflict({ currentVersion: err.currentVersion });
      } else if (isEnabledDraftRefusal(err)) {
        setDraftOffer({ problems: err.details });
      } else {
        const detail =
          err instanceof ApiError && err.details.length
            ? ` ${err.details.map((d) => d.message).join('; ')}`
            : '';
        useEditor.getState().notify(`Save failed: ${describeError(err)}${detail}`, 'error');
      }
      return false;
    } finally {
      setSaving(false);
    }
  }, []);

  const disableAndSaveDraft = useCallback(async () => {
    const { meta, saved } = useEditor.getState();
    if (!meta) return false;
    try {
      await setFlowEnabled(meta.id, false);
      useEditor.setState({ saved: { ...saved, enabled: false } });
    } catch (err) {
      useEditor.getState().notify(`Could not disable the flow: ${describeError(err)}`, 'error');
      return false;
    }
    setDraftOffer(null);
    return save();
  }, [save]);

  return {
    loadError,
    saving,
    conflict,
    draftOffer,
    save,
    disableAndSaveDraft,
    reload,
    dismissConflict: () => setConflict(null),
    dismissDraftOffer: () => setDraftOffer(null),
  };
}
