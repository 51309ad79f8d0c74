/** The runtime in this process (startRuntime) on 127.0.0.1:0 with a temp data dir and captured log lines. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  type ConfigInput,
  type RunningRuntime,
  type StartOptions,
  startRuntime,
} from '../../apps/runtime/src/index';
import { adminApi, type HttpAnswer, tempDir } from './runtime-process';

export const INPROC_ADMIN_TOKEN = 'security-admin-token-0123456789abcdef';

export interface InProcRuntime extends RunningRuntime {
  dir: string;
  logs: string[];
  api(method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  stop(): Promise<void>;
}

export async function startInProc(
  config: Partial<ConfigInput> = {},
  env?: NodeJS.ProcessEnv,
  options: Omit<StartOptions, 'logStream' | 'env'> = {},
): Promise<InProcRuntime> {
  const dir = await tempDir('idflow-sec-');
  const logs: string[] = [];
  const rt = await startRuntime(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      adminToken: INPROC_ADMIN_TOKEN,
      secretKey: 'security-secret-key-0123456789abcdef',
      editorDir: path.join(dir, 'no-editor'),
      logLevel: 'debug',
      shutdownGraceMs: 2000,
      ...config,
    },
    { logStream: { write: (line: string) => void logs.push(line) }, ...(env ? { env } : {}), ...options },
  );
  return {
    ...rt,
    dir,
    logs,
    api: adminApi(rt.url, INPROC_ADMIN_TOKEN),
    async stop() {
      await rt.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
