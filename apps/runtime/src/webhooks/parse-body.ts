/** Webhook bodies: JSON, urlencoded form and text are read; other media types are 415, malformed JSON 400. */
import { ApiError } from '../http/errors';

export function parseWebhookBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return {};
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError('MALFORMED_JSON', 'The webhook body is not valid JSON.');
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return out;
  }
  if (type.startsWith('text/')) return text;
  throw new ApiError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Type "${type || '(none)'}" is not accepted: send application/json, application/x-www-form-urlencoded or text/*.`,
  );
}
