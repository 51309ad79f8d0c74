/** Finds the key that encrypts secrets: IDFLOW_SECRET_KEY, else `<dataDir>/secret.key`, generated (0600) at first start. */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface KeyLogger {
  warn(obj: object, msg?: string): void;
}

/**
 * Returns the configured key, or reads/creates the key file in the data dir.
 * @example const key = await loadSecretKey(config.secretKey, config.dataDir, logger)
 */
export async function loadSecretKey(
  configured: string | undefined,
  dataDir: string,
  log: KeyLogger,
): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (text.length >= 32) return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  await chmod(file, 0o600);
  log.warn(
    { file },
    'IDFLOW_SECRET_KEY is not set: generated a key for encrypting connection secrets. Back this file up; without it stored secrets cannot be read.',
  );
  return (await readFile(file, 'utf8')).trim();
}
