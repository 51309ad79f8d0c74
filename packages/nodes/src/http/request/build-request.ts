/** Turns resolved `http.request` config and an optional connection into the URL, headers and body to send. */
import { NodeError, type ResolvedConnection } from '@idflow/engine';
import type { HttpRequestConfig } from './definition';

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Header names that carry credentials, for redaction. */
  secretHeaders: string[];
}

/** Joins a base URL and a relative path with exactly one slash; an absolute URL must stay on the base's origin. */
export function joinUrl(baseUrl: string | undefined, url: string): URL {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    const absolute = parseUrl(url);
    if (baseUrl && absolute.origin !== parseUrl(baseUrl).origin) {
      throw new NodeError(
        'CONFIG_INVALID',
        `URL ${absolute.origin} is not on the connection's origin ${parseUrl(baseUrl).origin}; use a relative path, or no connection.`,
      );
    }
    return absolute;
  }
  if (!baseUrl)
    throw new NodeError('CONFIG_INVALID', `URL "${url}" is relative; make it absolute or set a connection.`);
  const base = baseUrl.replace(/\/+$/, '');
  return parseUrl(url === '' ? base : `${base}/${url.replace(/^\/+/, '')}`);
}

function parseUrl(url: string): URL {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    return parsed;
  } catch {
    throw new NodeError('CONFIG_INVALID', `"${url}" is not an http(s) URL.`);
  }
}

function lowerKeys(record: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function connectionHeaders(connection: ResolvedConnection | undefined): Record<string, string> {
  const raw = connection?.options.headers;
  if (!raw || typeof raw !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/** Everything except an OAuth2 token, which needs a request (see oauth2-token.ts). */
export function buildRequest(config: HttpRequestConfig, connection?: ResolvedConnection): BuiltRequest {
  const url = joinUrl(connection?.baseUrl, config.url);
  for (const [k, v] of Object.entries(config.query ?? {})) url.searchParams.append(k, String(v));
  const headers = { ...connectionHeaders(connection), ...lowerKeys(config.headers) };
  const secretHeaders: string[] = [];
  const auth = connection?.auth;
  if (auth?.type === 'bearer') headers.authorization = `Bearer ${auth.token}`;
  if (auth?.type === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
  }
  if (auth?.type === 'apiKey') {
    headers[auth.header.toLowerCase()] = auth.value;
    secretHeaders.push(auth.header.toLowerCase());
  }
  if (auth && auth.type !== 'none') secretHeaders.push('authorization');

  let body: string | undefined;
  const hasBody = config.method !== 'GET' && config.method !== 'HEAD' && config.bodyType !== 'none';
  if (hasBody && config.body !== undefined) {
    if (config.bodyType === 'json') {
      body = JSON.stringify(config.body);
      headers['content-type'] ??= 'application/json';
    } else if (config.bodyType === 'form') {
      body = toForm(config.body);
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else {
      body = typeof config.body === 'string' ? config.body : JSON.stringify(config.body);
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    }
  }
  headers.accept ??= 'application/json, text/plain;q=0.9, */*;q=0.8';
  return { method: config.method, url: url.toString(), headers, body, secretHeaders };
}

function toForm(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new NodeError('CONFIG_INVALID', 'A form body must be an object of field names to values.');
  }
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      form.append(k, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  return form.toString();
}

/** Headers with credential values replaced, for plans and error details. */
export function redactHeaders(headers: Record<string, string>, secret: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = secret.includes(k) ? '[redacted]' : v;
  return out;
}
