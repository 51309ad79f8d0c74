// Reads response bodies (any JSON media type) and turns error answers into typed errors.

import { MESSAGE_ERROR } from './constants';
import { ScimConflictError, ScimError, ScimHttpError } from './errors';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a body as JSON when it plausibly is JSON: scim+json, json, text/json, or JSON-looking text. */
export function parseBody(text: string, contentType: string | null): { json: unknown; isJson: boolean } {
  const trimmed = text.trim();
  if (trimmed === '') return { json: undefined, isJson: true };
  const declared = /[/+]json\b/i.test(contentType ?? '');
  if (declared || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { json: JSON.parse(trimmed), isJson: true };
    } catch {
      return { json: undefined, isJson: false };
    }
  }
  return { json: undefined, isJson: false };
}

/** A status in a SCIM body may be a number, a string, or SCIM 1.1's `{code}`. */
export function parseStatus(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d{3}\s*$/.test(value)) return Number(value.trim());
  if (isRecord(value)) return parseStatus(value.code);
  return undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Returns scimType and detail when the body looks like a SCIM Error (2.0, or 1.1's `Errors[]`). */
export function readScimErrorBody(json: unknown): { scimType?: string; detail?: string } | undefined {
  if (!isRecord(json)) return undefined;
  const schemas = Array.isArray(json.schemas) ? json.schemas : [];
  const declared = schemas.some(
    (s) => typeof s === 'string' && s.toLowerCase() === MESSAGE_ERROR.toLowerCase(),
  );
  const shaped = 'status' in json && ('detail' in json || 'scimType' in json);
  if (declared || shaped) {
    return { scimType: str(json.scimType), detail: str(json.detail) };
  }
  if (Array.isArray(json.Errors) && isRecord(json.Errors[0])) {
    return { detail: str(json.Errors[0].description) };
  }
  return undefined;
}

/** Builds the error for an HTTP status >= 400. */
export function errorFromResponse(status: number, text: string, json: unknown): ScimError | ScimHttpError {
  const scim = readScimErrorBody(json);
  if (status === 412) return new ScimConflictError(scim?.scimType, scim?.detail);
  if (scim) return new ScimError(status, scim.scimType, scim.detail);
  return new ScimHttpError(status, text);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
