/** `http.request` definition: one HTTP call, optionally through a named HTTP connection. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { connectionName, short, stringRecord } from '../../shared/fields';
import { anyValue } from '../../shared/output-shapes';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export const httpRequestConfig = z.object({
  method: z.enum(HTTP_METHODS).default('GET').meta({ title: 'Method' }),
  url: z.string().min(1).max(8000).meta({
    title: 'URL',
    description: 'Absolute URL, or a path relative to the connection base URL when a connection is set.',
  }),
  connection: connectionName('http').optional().meta({
    title: 'Connection',
    description: 'Optional HTTP connection: base URL, auth and default headers.',
  }),
  query: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .meta({ title: 'Query parameters', description: 'Added to the URL, encoded.' }),
  headers: stringRecord.optional().meta({ title: 'Headers' }),
  bodyType: z.enum(['json', 'form', 'text', 'none']).default('json').meta({
    title: 'Body type',
    description:
      '`json` sends JSON, `form` sends application/x-www-form-urlencoded, `text` sends the body as is.',
  }),
  body: z
    .unknown()
    .optional()
    .meta({ title: 'Body', description: 'Request body; ignored for GET and HEAD.' }),
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000).meta({
    title: 'Timeout (ms)',
    description: 'Per attempt. A timeout fails with NODE_TIMEOUT, which retries.',
  }),
  acceptStatuses: z.array(z.number().int().min(100).max(599)).default([]).meta({
    title: 'Accepted statuses',
    description:
      'Non-2xx statuses treated as success (e.g. 404 to test for existence). Others fail with HTTP_STATUS.',
  }),
  responseType: z.enum(['auto', 'json', 'text']).default('auto').meta({
    title: 'Response type',
    description: '`auto` parses JSON when the Content-Type says so, else returns text.',
  }),
});

export type HttpRequestConfig = z.output<typeof httpRequestConfig>;

export const httpRequestDefinition = defineNodeDefinition({
  type: 'http.request',
  title: 'HTTP request',
  category: 'http',
  icon: 'globe',
  description:
    'Sends one HTTP request and outputs the status, headers and parsed body. Statuses outside 2xx (and the accepted list) fail with HTTP_STATUS so a retry policy or the error port can handle them.',
  config: httpRequestConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      status: { type: 'integer' },
      headers: { type: 'object', description: 'Response headers, lower-case names.' },
      body: { ...anyValue, description: 'Parsed JSON, or text.' },
    },
  },
  sideEffects: (config) => !SAFE_METHODS.has(config.method),
  summary: (config) => `${String(config.method ?? 'GET')} ${short(config.url)}`,
  connectionFields: { connection: 'http' },
});
