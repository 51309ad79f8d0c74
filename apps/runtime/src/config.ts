/** Runtime configuration: one zod schema, read from IDFLOW_* environment variables and `--flag value` arguments. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The built editor beside this package in the monorepo (apps/editor/dist). */
export const DEFAULT_EDITOR_DIR = path.resolve(here, '../../editor/dist');

const intIn = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number between ${min} and ${max}` })
    .int({ error: `must be a whole number between ${min} and ${max}` })
    .min(min, { error: `must be a whole number between ${min} and ${max}` })
    .max(max, { error: `must be a whole number between ${min} and ${max}` });

const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(z.string().min(1)),
);

const bool = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const s = v.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
    return v;
  },
  z.boolean({ error: 'must be true or false' }),
);

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Parses `1mb`, `512kb`, `1048576` into bytes. */
export function parseBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  if (!m) return undefined;
  const bytes = Math.floor(Number(m[1]) * (UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1));
  return bytes > 0 ? bytes : undefined;
}

const bytes = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = parseBytes(v);
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a size such as 1mb, 512kb or a number of bytes' });
    return z.NEVER;
  }
  return n;
});

/** The process's role: one process (default), or the main / worker roles of a scaled-out runtime. */
export const RuntimeModeSchema = z.enum(['single', 'main', 'worker'], {
  error: 'must be single, main or worker',
});
export type RuntimeMode = z.output<typeof RuntimeModeSchema>;

const isPostgres = (v: string) => /^postgres(ql)?:\/\//i.test(v.trim());

const ConfigObject = z.object({
  /** single: one process, in-process queue. main: HTTP, webhooks, schedules, enqueues on Redis. worker: executes runs. */
  mode: RuntimeModeSchema.default('single'),
  /** `redis://[:password@]host:6379[/db]`; required for main and worker. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, { error: 'must look like redis://[:password@]host:6379[/db]' })
    .optional(),
  /** A data folder (file store) or `postgres://user:pass@host:5432/db[?schema=idflow]`. Default: dataDir. */
  store: z
    .string()
    .min(1)
    .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || isPostgres(v) || v.startsWith('file://'), {
      error: 'must be a data folder or a postgres://user:password@host:5432/database URL',
    })
    .optional(),
  /** Worker role: runs one worker executes at once. */
  workerConcurrency: intIn(1, 1000).default(8),
  /** Redis key prefix for BullMQ (several deployments on one Redis). */
  queuePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_:-]+$/, { error: 'must be letters, digits, _ - or :' })
    .default('idflow'),
  /** Redis pub/sub channel for run events. Default `<queuePrefix>:events`. */
  eventsChannel: z.string().min(1).optional(),
  /** Worker role: a run found `running` after its worker died: mark it interrupted, or run it again from the start. */
  onStalled: z.enum(['interrupt', 'rerun'], { error: 'must be interrupt or rerun' }).default('interrupt'),
  workerId: z.string().min(1).optional(),
  /** A dead worker's runs are taken over after about this long (BullMQ lock duration). */
  lockDurationMs: intIn(500, 3_600_000).default(30_000),
  stalledIntervalMs: intIn(100, 3_600_000).default(30_000),
  port: intIn(0, 65535).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  /** Unset: generated at first start, printed once, only its sha256 stored. */
  adminToken: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  /** Unset: a random key is generated into <dataDir>/secret.key (0600) at first start. */
  secretKey: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  flowsDir: z.string().min(1).optional(),
  corsOrigins: list.default([]),
  /**
   * Runs executing at once in this process. Flows mostly wait on SCIM/HTTP calls (I/O-bound: a waiting run costs
   * a little memory, no CPU), so the default is sized for overlapping waits, not for cores.
   */
  maxConcurrentRuns: intIn(1, 1000).default(64),
  /**
   * Unset: 32 in single mode (half the global limit, so one busy flow cannot take every slot, and a burst does not
   * hit one downstream SCIM service with more parallel calls than it usually takes); no limit in queue mode (set: a
   * Redis semaphore across all workers). Lower it for a fragile downstream service.
   */
  maxRunsPerFlow: intIn(1, 1000).optional(),
  /**
   * Queued runs beyond this bound: webhooks answer 429 with Retry-After. Each waiting run keeps its record and
   * trigger in memory (about 1–2 KB plus the webhook body), so 10,000 is ~20 MB for small bodies.
   */
  maxQueueDepth: intIn(1, 1_000_000).default(10_000),
  retentionMaxRuns: intIn(1, 10_000_000).default(1000),
  retentionMaxAgeDays: intIn(1, 36_500).default(30),
  /** How often retention pruning runs (it also runs at start). */
  retentionIntervalMinutes: intIn(1, 7 * 24 * 60).default(60),
  webhookMaxBody: bytes.default(1024 * 1024),
  idempotencyWindowHours: intIn(1, 24 * 365).default(24),
  /** Empty: every host may be called by HTTP nodes (subject to httpDenyPrivate). `*.example.com` allowed. */
  httpAllowHosts: list.default([]),
  /** Refuse private, loopback and link-local addresses for HTTP nodes. Default true when NODE_ENV=production. */
  httpDenyPrivate: bool.optional(),
  editorDir: z.string().min(1).default(DEFAULT_EDITOR_DIR),
  metricsToken: z.string().min(8).optional(),
  /** Base URL used when showing webhook URLs (default http://host:port). */
  publicUrl: z.url({ error: 'must be an absolute URL' }).optional(),
  shutdownGraceMs: intIn(0, 3_600_000).default(30_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** What main and worker need beyond single mode: Redis, and a store every machine shares. */
function modeProblems(
  mode: unknown,
  redisUrl: unknown,
  store: unknown,
): Array<{ key: 'redisUrl' | 'store'; message: string }> {
  if (mode !== 'main' && mode !== 'worker') return [];
  const out: Array<{ key: 'redisUrl' | 'store'; message: string }> = [];
  if (redisUrl === undefined) {
    out.push({
      key: 'redisUrl',
      message: `is required when IDFLOW_MODE=${mode} (redis://host:6379): the run queue lives in Redis`,
    });
  }
  // A URL of another kind is reported by the field's own check.
  if (typeof store === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(store)) {
    out.push({
      key: 'store',
      message: `IDFLOW_MODE=${mode} needs a store every machine shares: IDFLOW_STORE=postgres://user@host:5432/db (got "${store}")`,
    });
  }
  return out;
}

export const ConfigSchema = ConfigObject.superRefine((c, ctx) => {
  for (const p of modeProblems(c.mode, c.redisUrl, c.store ?? c.dataDir))
    ctx.addIssue({ code: 'custom', path: [p.key], message: p.message });
});

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variable for each config key (flags use the same name: `--max-concurrent-runs 4`). */
export const ENV_NAMES: Record<keyof Config, string> = {
  mode: 'IDFLOW_MODE',
  redisUrl: 'IDFLOW_REDIS_URL',
  store: 'IDFLOW_STORE',
  workerConcurrency: 'IDFLOW_WORKER_CONCURRENCY',
  queuePrefix: 'IDFLOW_QUEUE_PREFIX',
  eventsChannel: 'IDFLOW_EVENTS_CHANNEL',
  onStalled: 'IDFLOW_ON_STALLED',
  workerId: 'IDFLOW_WORKER_ID',
  lockDurationMs: 'IDFLOW_LOCK_DURATION_MS',
  stalledIntervalMs: 'IDFLOW_STALLED_INTERVAL_MS',
  port: 'IDFLOW_PORT',
  host: 'IDFLOW_HOST',
  dataDir: 'IDFLOW_DATA_DIR',
  adminToken: 'IDFLOW_ADMIN_TOKEN',
  secretKey: 'IDFLOW_SECRET_KEY',
  flowsDir: 'IDFLOW_FLOWS_DIR',
  corsOrigins: 'IDFLOW_CORS_ORIGINS',
  maxConcurrentRuns: 'IDFLOW_MAX_CONCURRENT_RUNS',
  maxRunsPerFlow: 'IDFLOW_MAX_RUNS_PER_FLOW',
  maxQueueDepth: 'IDFLOW_MAX_QUEUE_DEPTH',
  retentionMaxRuns: 'IDFLOW_RETENTION_MAX_RUNS',
  retentionMaxAgeDays: 'IDFLOW_RETENTION_MAX_AGE_DAYS',
  retentionIntervalMinutes: 'IDFLOW_RETENTION_INTERVAL_MINUTES',
  webhookMaxBody: 'IDFLOW_WEBHOOK_MAX_BODY',
  idempotencyWindowHours: 'IDFLOW_IDEMPOTENCY_WINDOW_HOURS',
  httpAllowHosts: 'IDFLOW_HTTP_ALLOW_HOSTS',
  httpDenyPrivate: 'IDFLOW_HTTP_DENY_PRIVATE',
  editorDir: 'IDFLOW_EDITOR_DIR',
  metricsToken: 'IDFLOW_METRICS_TOKEN',
  publicUrl: 'IDFLOW_PUBLIC_URL',
  shutdownGraceMs: 'IDFLOW_SHUTDOWN_GRACE_MS',
  logLevel: 'IDFLOW_LOG_LEVEL',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const flagName = (env: string) =>
  `--${env
    .replace(/^IDFLOW_/, '')
    .toLowerCase()
    .replaceAll('_', '-')}`;

/** Reads `--name value` / `--name=value` flags into the matching IDFLOW_* names; unknown flags are problems. */
function flagsToEnv(argv: readonly string[], problems: string[]): Record<string, string> {
  const byFlag = new Map(Object.values(ENV_NAMES).map((env) => [flagName(env), env]));
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const env = byFlag.get(flag ?? '');
    if (!env) {
      problems.push(`${arg}: unknown option (known: ${[...byFlag.keys()].join(', ')})`);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) problems.push(`${flag}: needs a value`);
    else out[env] = value;
  }
  return out;
}

/**
 * Builds the config from the environment and command-line flags (flags win). Throws ConfigError with one
 * line per bad value, naming the variable.
 * @example const config = loadConfig(process.env, process.argv.slice(2));
 */
export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): Config {
  const problems: string[] = [];
  const merged: Record<string, string | undefined> = { ...env, ...flagsToEnv(argv, problems) };
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = merged[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  if (raw.httpDenyPrivate === undefined && env.NODE_ENV === 'production') raw.httpDenyPrivate = 'true';
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '') as keyof Config;
      const name = ENV_NAMES[key] ?? key;
      const got = raw[key];
      const hidden = key === 'adminToken' || key === 'secretKey' || key === 'metricsToken';
      // Cross-field messages already say what they got; URLs are shown without their password.
      const shown =
        hidden || issue.message.includes('(got ') ? '' : ` (got "${withoutPassword(String(got))}")`;
      problems.push(`${name}: ${issue.message}${got === undefined ? '' : shown}`);
    }
    // Other problems stop zod before the cross-field check: report it too, so one start shows everything.
    for (const p of modeProblems(raw.mode, raw.redisUrl, raw.store ?? raw.dataDir ?? './data')) {
      const line = `${ENV_NAMES[p.key]}: ${p.message}`;
      if (!problems.includes(line)) problems.push(line);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

/** `redis://:secret@host` → `redis://:***@host` (for messages). */
export function withoutPassword(text: string): string {
  return text.replace(/(\w+:\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
}

/** Where the store lives: IDFLOW_STORE, else the data folder. */
export const storeLocation = (c: Config): string => c.store ?? c.dataDir;

/** Redis channel for run events. */
export const eventsChannelOf = (c: Config): string => c.eventsChannel ?? `${c.queuePrefix}:events`;

/** Per-flow limit: IDFLOW_MAX_RUNS_PER_FLOW, else 32 (at most the global limit) in single mode, none in queue mode. */
export const perFlowLimit = (c: Config): number | undefined =>
  c.maxRunsPerFlow ?? (c.mode === 'single' ? Math.min(32, c.maxConcurrentRuns) : undefined);

/** Fills defaults for a config given in code (tests, start-product). */
export function resolveConfig(input: ConfigInput): Config {
  return ConfigSchema.parse(input);
}
