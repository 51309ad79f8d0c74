/** One-line config summary and a short glyph for a node card, derived generically from config and type. */
import { isExpression } from '../form/expression';

const PREFERRED = [
  'path',
  'method',
  'url',
  'userName',
  'filter',
  'connection',
  'condition',
  'status',
  'flowId',
  'cron',
];

function show(v: unknown): string | undefined {
  if (typeof v === 'string') return isExpression(v) ? `ƒ ${v.slice(1)}` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * @example configSummary({ path: 'new-hire', respond: 'onCompletion' }) // 'path: new-hire · respond: onCompletion'
 */
export function configSummary(config: Record<string, unknown> | undefined): string {
  if (!config) return '';
  const keys = Object.keys(config);
  const ordered = [
    ...PREFERRED.filter((k) => keys.includes(k)),
    ...keys.filter((k) => !PREFERRED.includes(k)),
  ];
  const parts: string[] = [];
  for (const k of ordered) {
    const s = show(config[k]);
    if (s === undefined || s === '') continue;
    parts.push(`${k}: ${s}`);
    if (parts.length === 2) break;
  }
  const line = parts.join(' · ');
  return line.length > 70 ? `${line.slice(0, 69)}…` : line;
}

const GLYPHS: Record<string, string> = {
  webhook: '⚡',
  clock: '◷',
  play: '▶',
  'corner-down-right': '↪',
  globe: '⇄',
  shuffle: '⇆',
  list: '≡',
  'git-branch': '◇',
  split: '◈',
  repeat: '↻',
  reply: '↩',
  user: '☺',
  'user-search': '☺?',
  'user-plus': '☺+',
  'user-pen': '☺✎',
  'user-x': '☺×',
  'user-check': '☺✓',
  'user-minus': '☺−',
  users: '☺☺',
  'users-minus': '☺☺−',
};

const CATEGORY_GLYPHS: Record<string, string> = {
  trigger: '⚡',
  http: '⇄',
  scim: '☺',
  transform: '{}',
  control: '◇',
  flow: '↪',
};

export function glyphFor(icon: string | undefined, category: string | undefined): string {
  return (icon && GLYPHS[icon]) || (category && CATEGORY_GLYPHS[category]) || '◆';
}
