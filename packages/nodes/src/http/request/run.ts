/** `http.request` implementation: sends the request with ctx.fetch, its own timeout and the run's signal. */
import { defineNodeType, type NodeContext, NodeError, parseRetryAfter } from '@idflow/engine';
import { buildRequest, redactHeaders } from './build-request';
import { type HttpRequestConfig, httpRequestDefinition } from './definition';
import { oauth2Token } from './oauth2-token';
import { bodyExcerpt, readResponse } from './read-response';

async function prepare(ctx: NodeContext<HttpRequestConfig>, withToken: boolean) {
  const connection = ctx.config.connection ? await ctx.connections.get(ctx.config.connection) : undefined;
  if (connection && connection.kind !== 'http') {
    throw new NodeError(
      'CONFIG_INVALID',
      `Connection "${connection.name}" is a ${connection.kind} connection; pick an HTTP one.`,
    );
  }
  const request = buildRequest(ctx.config, connection);
  if (connection?.auth.type === 'oauth2') {
    request.headers.authorization = withToken
      ? `Bearer ${await oauth2Token({ ...connection, auth: connection.auth }, ctx.fetch, ctx.signal, ctx.clock.now())}`
      : 'Bearer <oauth2 token>';
  }
  return request;
}

export const httpRequest = defineNodeType(httpRequestDefinition, {
  async run(ctx) {
    const request = await prepare(ctx, true);
    const timeout = AbortSignal.timeout(ctx.config.timeoutMs);
    const signal = AbortSignal.any([ctx.signal, timeout]);
    let response: Response;
    try {
      response = await ctx.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
      });
    } catch (cause) {
      throw fetchFailure(cause, ctx.signal, timeout, request, ctx.config.timeoutMs);
    }
    let output: Awaited<ReturnType<typeof readResponse>>;
    try {
      output = await readResponse(response, request.method, ctx.config.responseType);
    } catch (cause) {
      throw fetchFailure(cause, ctx.signal, timeout, request, ctx.config.timeoutMs);
    }
    const ok =
      (output.status >= 200 && output.status < 300) || ctx.config.acceptStatuses.includes(output.status);
    if (!ok) {
      throw new NodeError(
        'HTTP_STATUS',
        `${request.method} ${redactUrl(request.url)} answered ${output.status}.`,
        {
          status: output.status,
          retryAfterMs: parseRetryAfter(output.headers['retry-after'], ctx.clock.now()),
          details: { status: output.status, bodyExcerpt: bodyExcerpt(output.body) },
        },
      );
    }
    return { output };
  },

  async plan(ctx) {
    const request = await prepare(ctx, false);
    return {
      output: {
        planned: true,
        method: request.method,
        url: request.url,
        headers: redactHeaders(request.headers, request.secretHeaders),
        // A snapshot: the resolved body may share objects with the expression context (`=steps`), which would make
        // this output (stored back into that context) circular.
        body: request.body === undefined ? undefined : JSON.parse(JSON.stringify(ctx.config.body ?? null)),
      },
    };
  },
});

function fetchFailure(
  cause: unknown,
  runSignal: AbortSignal,
  timeout: AbortSignal,
  request: { method: string; url: string },
  timeoutMs: number,
): unknown {
  if (runSignal.aborted) return runSignal.reason ?? new NodeError('CANCELLED', 'The run was cancelled.');
  const where = `${request.method} ${redactUrl(request.url)}`;
  if (timeout.aborted) {
    return new NodeError('NODE_TIMEOUT', `${where} got no answer within ${timeoutMs} ms.`, {
      retryable: true,
      cause,
    });
  }
  const reason =
    cause instanceof Error
      ? cause.cause instanceof Error
        ? cause.cause.message
        : cause.message
      : String(cause);
  return new NodeError('NETWORK', `${where} failed: ${reason}.`, { retryable: true, cause });
}

/** Drops user info from a URL for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = parsed.search ? '?…' : '';
    return parsed.toString();
  } catch {
    return url;
  }
}
