/** GET /api/v1/node-types: the node type catalog the palette, cards, form and validation are built from. */
import { request } from './client';
import { type NodeTypeInfo, NodeTypeListSchema } from './schemas';

export async function fetchNodeTypes(): Promise<NodeTypeInfo[]> {
  return (await request('/node-types', NodeTypeListSchema)).items;
}
