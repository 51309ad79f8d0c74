/** Node ids for new nodes: a slug from the type's last segment, made unique in the flow. */

/** `scim.createUser` → `create-user`. */
export function slugFromType(type: string): string {
  const last = type.split('.').pop() ?? 'node';
  const slug = last
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'node';
}

/**
 * @example uniqueNodeId('scim.createUser', new Set(['create-user'])) // 'create-user-2'
 */
export function uniqueNodeId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.slice(0, 58);
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) {
    const id = `${stem}-${i}`;
    if (!taken.has(id)) return id;
  }
}

/** Flow ids from a display name: `Onboard new hire` → `onboard-new-hire`. */
export function slugFromName(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'flow'
  );
}
