/** StepContext: the NodeContext a node's run() or plan() gets for one attempt. */
import { compileExpression } from '../expressions/compile-expression';
import type { Clock, ConnectionResolver, ExpressionContext, Logger, NodeContext } from '../node-type';
import type { TriggerInfo } from '../run-types';
import type { ChildRuns } from './child-runs';
import type { StepHost } from './step-host';
import type { CompiledNode } from './types';

/** The node's context; a class so a step allocates one object, not a dozen closures. */
export class StepContext implements NodeContext<unknown> {
  readonly node: { id: string; type: string; name?: string };
  private boundFetch?: typeof fetch;
  private runner?: NodeContext<unknown>['subflows'];

  constructor(
    private readonly host: StepHost,
    readonly config: unknown,
    /** The attempt's own signal (a node timeout); else the run's, asked for only when the node reads it. */
    private readonly ownSignal: AbortSignal | undefined,
    readonly attempt: number,
    cnode: CompiledNode,
    private readonly children: ChildRuns,
  ) {
    this.node = cnode.publicNode;
  }

  get signal(): AbortSignal {
    return this.ownSignal ?? this.host.signal;
  }

  get subflows(): NodeContext<unknown>['subflows'] {
    this.runner ??= {
      run: (flowId, input, opts = {}) => this.host.runChild(flowId, input, opts, this.children, this.signal),
    };
    return this.runner;
  }

  get scope(): Readonly<ExpressionContext> {
    return this.host.scope;
  }
  get trigger(): TriggerInfo {
    return this.host.trigger;
  }
  get clock(): Clock {
    return this.host.clock;
  }
  get log(): Logger {
    return this.host.log;
  }
  get connections(): ConnectionResolver {
    return this.host.connections;
  }
  get dryRun(): boolean {
    return this.host.dryRun;
  }

  /** The run's own fetch, not bound to the step: for clients cached across steps (they pass `signal` per request). */
  get runFetch(): typeof fetch {
    return this.host.fetch;
  }

  /** fetch bound to the step's signal: a caller's own signal is combined with it, never replaces it. */
  get fetch(): typeof fetch {
    if (!this.boundFetch) {
      const base = this.host.fetch;
      const signal = this.signal;
      this.boundFetch = (input, init) =>
        base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
    }
    return this.boundFetch;
  }

  evaluate(expression: string, extra?: Record<string, unknown>): Promise<unknown> {
    const source = expression.startsWith('=') ? expression.slice(1) : expression;
    const compiled = compileExpression(source, this.host.expressionTimeoutMs, {
      path: `nodes.${this.node.id}`,
    });
    const input = extra ? { ...this.host.scope, ...extra } : this.host.scope;
    return compiled.evaluate(input, input as unknown as Record<string, unknown>);
  }
}
