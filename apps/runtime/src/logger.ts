/** pino logger: JSON lines, auth headers redacted by path and every known secret redacted by value. */
import { type DestinationStream, type Logger, pino } from 'pino';
import { REDACTED } from './secrets/secret-registry';

export type RuntimeLogger = Logger;

export interface LoggerOptions {
  level?: string;
  /** Where lines go (default stdout); tests pass a stream to capture them. */
  stream?: DestinationStream;
  /** The current secret values; each is replaced in every line, raw and JSON-escaped. */
  secrets?: () => readonly string[];
}

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-idflow-token"]',
  'req.headers["x-idflow-signature"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-idflow-token"]',
  'headers["x-idflow-signature"]',
  '*.headers.authorization',
  '*.auth.token',
  '*.auth.password',
  '*.auth.value',
  '*.auth.clientSecret',
  'secret',
  'token',
];

/**
 * @example const log = createLogger({ level: 'info', secrets: () => registry.values() })
 */
export function createLogger(options: LoggerOptions = {}): RuntimeLogger {
  const secrets = options.secrets;
  /** The secrets and their JSON-escaped forms (where different), rebuilt only when the list changes. */
  let seen: readonly string[] | undefined;
  let needles: string[] = [];
  const needlesOf = (list: readonly string[]): string[] => {
    if (list !== seen) {
      seen = list;
      needles = [];
      for (const s of list) {
        needles.push(s);
        const escaped = JSON.stringify(s).slice(1, -1);
        if (escaped !== s) needles.push(escaped);
      }
    }
    return needles;
  };
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'idflow-runtime' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: secrets
        ? {
            streamWrite(line: string): string {
              let out = line;
              for (const s of needlesOf(secrets())) if (out.includes(s)) out = out.split(s).join(REDACTED);
              return out;
            },
          }
        : undefined,
    },
    options.stream ?? pino.destination({ sync: false }),
  );
}
