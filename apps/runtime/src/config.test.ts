import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies defaults and reads flags over env', () => {
    const c = loadConfig({ IDFLOW_PORT: '9000' }, ['--host', '0.0.0.0', '--webhook-max-body=2mb']);
    expect(c.port).toBe(9000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.webhookMaxBody).toBe(2 * 1024 * 1024);
    expect(c.dataDir).toBe('./data');
    expect(c.httpDenyPrivate).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production' }).httpDenyPrivate).toBe(true);
  });

  it('gives one clear message per bad value, naming the variable', () => {
    try {
      loadConfig(
        {
          IDFLOW_PORT: 'eighty',
          IDFLOW_MAX_CONCURRENT_RUNS: '0',
          IDFLOW_WEBHOOK_MAX_BODY: 'huge',
          IDFLOW_ADMIN_TOKEN: 'short',
        },
        ['--bogus'],
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(5);
      expect(problems.find((p) => p.startsWith('IDFLOW_PORT:'))).toContain('"eighty"');
      expect(problems.some((p) => p.startsWith('IDFLOW_MAX_CONCURRENT_RUNS:'))).toBe(true);
      expect(problems.some((p) => p.startsWith('IDFLOW_WEBHOOK_MAX_BODY:'))).toBe(true);
      const token = problems.find((p) => p.startsWith('IDFLOW_ADMIN_TOKEN:'));
      expect(token).not.toContain('short');
      expect(problems.some((p) => p.startsWith('--bogus'))).toBe(true);
    }
  });
});
