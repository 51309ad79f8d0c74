/** Connection endpoints: list, create, update (omitted secrets keep their value), delete, test. */

import { z } from 'zod';
import { request, requestVoid } from './client';
import {
  ConnectionListSchema,
  ConnectionTestSchema,
  type ConnectionView,
  ConnectionViewSchema,
} from './schemas';

const enc = encodeURIComponent;

export interface ConnectionInput {
  name: string;
  kind: 'scim' | 'http';
  baseUrl: string;
  auth: Record<string, string> & { type: string };
  options?: Record<string, unknown>;
}

export async function listConnections(): Promise<ConnectionView[]> {
  return (await request('/connections', ConnectionListSchema)).items;
}

const SavedSchema = z.union([z.object({ connection: ConnectionViewSchema }), ConnectionViewSchema]);

export async function createConnection(input: ConnectionInput): Promise<void> {
  await request('/connections', SavedSchema, { method: 'POST', body: input });
}

export async function updateConnection(name: string, input: ConnectionInput): Promise<void> {
  await request(`/connections/${enc(name)}`, SavedSchema, { method: 'PUT', body: input });
}

export function deleteConnection(name: string): Promise<void> {
  return requestVoid(`/connections/${enc(name)}`, { method: 'DELETE' });
}

export function testConnection(name: string) {
  return request(`/connections/${enc(name)}/test`, ConnectionTestSchema, { method: 'POST' });
}
