/** `trigger.webhook` definition: a flow started by an HTTP POST to `/hooks/<path>`. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { anyValue } from '../../shared/output-shapes';

export const webhookTriggerConfig = z.object({
  path: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a slug: lowercase letters, digits and dashes')
    .meta({ title: 'Path', description: 'URL slug: the webhook listens on `/hooks/<path>`.' }),
  respond: z.enum(['accepted', 'onCompletion']).default('onCompletion').meta({
    title: 'Respond',
    description:
      '`accepted`: answer 202 as soon as the run is queued (persisted). `onCompletion`: wait for the run and answer with its `flow.respond` result or output.',
  }),
  auth: z.enum(['token', 'hmac']).default('token').meta({
    title: 'Authentication',
    description:
      'How callers prove who they are: a bearer token, or an HMAC-SHA256 signature of the body. The secret is held by the runtime, never in the flow.',
  }),
  eventId: z.string().max(500).optional().meta({
    title: 'Event id expression',
    description:
      'JSONata expression over the request (`body`, `headers`, `query`), written WITHOUT a leading `=`, e.g. `body.eventId`. The runtime evaluates it before queuing; a repeated id is not run twice.',
  }),
  responseTimeoutMs: z.number().int().min(100).max(300_000).default(30_000).meta({
    title: 'Response timeout (ms)',
    description: 'With `onCompletion`: how long the caller waits before getting 202 while the run continues.',
  }),
});

export const webhookTriggerDefinition = defineNodeDefinition({
  type: 'trigger.webhook',
  title: 'Webhook',
  category: 'trigger',
  trigger: 'webhook',
  icon: 'webhook',
  description:
    'Starts the flow when an HTTP request arrives at `/hooks/<path>`. Expressions see the request as `trigger.body`, `trigger.headers` and `trigger.query`.',
  config: webhookTriggerConfig,
  outputs: [{ id: 'out' }],
  hasInput: false,
  output: {
    type: 'object',
    properties: {
      body: { ...anyValue, description: 'Parsed request body.' },
      headers: { type: 'object', description: 'Request headers, lower-case names.' },
      query: { type: 'object', description: 'Query string parameters.' },
      method: { type: 'string' },
    },
  },
  sideEffects: false,
  summary: (config) => `/hooks/${String(config.path ?? '')}`,
});
