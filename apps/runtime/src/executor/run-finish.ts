/** The end of a run: its redacted final record saved durably (retried; a record that cannot be serialized is reduced), and the per-run logger. */
import type { Logger, RunRecord } from '@idflow/engine';
import type { RuntimeContext } from '../context';
import type { RuntimeLogger } from '../logger';

/** Waits between attempts to save a final record. */
const RETRY_MS = [50, 250, 1000, 3000];

/**
 * Saves the redacted final record and returns it. A failing save is retried; a record that cannot be turned into
 * JSON (a cycle, a BigInt in some output) is saved without step inputs/outputs and marked failed, so the run never
 * stays `running` on disk. Only when every attempt fails is it left to start-up recovery (→ interrupted), with an
 * error log line.
 */
export async function saveFinalRecord(
  c: Pick<RuntimeContext, 'store' | 'secrets' | 'log'>,
  run: RunRecord,
): Promise<RunRecord> {
  let safe: RunRecord = run;
  let json: string | undefined;
  try {
    ({ value: safe, json } = c.secrets.redactToJson(run));
  } catch (err) {
    safe = c.secrets.redact(reduced(run, err));
    c.log.error({ err, runId: run.id }, 'the run record could not be serialized; saved without step data');
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await c.store.saveRun(safe, json);
      return safe;
    } catch (err) {
      const delay = RETRY_MS[attempt];
      if (delay === undefined) {
        c.log.error(
          { err, runId: run.id, flowId: run.flowId, status: run.status, attempts: attempt + 1 },
          'SAVING THE FINAL RUN RECORD FAILED: the run stays "running" in the store until the next start marks it interrupted',
        );
        return safe;
      }
      c.log.warn(
        { err, runId: run.id, attempt: attempt + 1 },
        'saving the final run record failed; retrying',
      );
      await new Promise((r) => setTimeout(r, delay));
      // Let the store serialize again (and catch a record that still cannot be serialized).
      json = undefined;
    }
  }
}

/** The record without anything a step produced: enough to show what ran and why it has no data. */
function reduced(run: RunRecord, err: unknown): RunRecord {
  const message = err instanceof Error ? err.message : String(err);
  const { output: _o, response: _r, ...rest } = run;
  return {
    ...rest,
    status: run.status === 'succeeded' ? 'failed' : run.status,
    steps: run.steps.map(({ input: _i, output: _out, ...step }) => step) as RunRecord['steps'],
    error: run.error ?? { code: 'INTERNAL', message: `The run record could not be saved: ${message}` },
  };
}

/**
 * The engine's logger for one run: run and flow ids on each line, without a pino child per run. A class, so a run
 * costs one small object and no closures.
 */
export class RunLogger implements Logger {
  constructor(
    private readonly log: RuntimeLogger,
    private readonly runId: string,
    private readonly flowId: string,
  ) {}

  debug(obj: object, msg?: string): void {
    this.#at('debug', obj, msg);
  }
  info(obj: object, msg?: string): void {
    this.#at('info', obj, msg);
  }
  warn(obj: object, msg?: string): void {
    this.#at('warn', obj, msg);
  }
  error(obj: object, msg?: string): void {
    this.#at('error', obj, msg);
  }

  #at(level: 'debug' | 'info' | 'warn' | 'error', obj: object, msg?: string): void {
    if (this.log.isLevelEnabled(level))
      this.log[level]({ runId: this.runId, flowId: this.flowId, ...obj }, msg);
  }
}

/** The engine's logger for one run (see RunLogger). */
export function runLogger(log: RuntimeLogger, runId: string, flowId: string): Logger {
  return new RunLogger(log, runId, flowId);
}
