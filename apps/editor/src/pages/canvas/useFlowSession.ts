/** Loads the flow into the editor store, saves with If-Match, follows run events and the route's run. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, describeError } from '../../api/client';
import { subscribeFlowEvents } from '../../api/events';
import { getFlow, saveFlow, takeFlow } from '../../api/flows';
import { getRun, listRuns } from '../../api/runs';
import { useEditor } from '../../store/editorStore';
import { useRun } from '../../store/runStore';

export interface FlowSession {
  loadError: string | null;
  saving: boolean;
  conflict: { currentVersion?: number } | null;
  save(overwriteVersion?: number): Promise<boolean>;
  reload(first?: boolean): Promise<void>;
  dismissConflict(): void;
}

export function useFlowSession(flowId: string, runId: string | undefined): FlowSession {
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ currentVersion?: number } | null>(null);

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
      useEditor.getState().notify(`Saved version ${saved.version}.`);
      setConflict(null);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'VERSION_CONFLICT') {
        setConflict({ currentVersion: err.currentVersion });
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

  return { loadError, saving, conflict, save, reload, dismissConflict: () => setConflict(null) };
}
