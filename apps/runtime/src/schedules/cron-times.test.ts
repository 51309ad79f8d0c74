import { describe, expect, it } from 'vitest';
import { checkCron, firstTickBetween, nextFireTimes } from './cron-times';

const at = (iso: string) => Date.parse(iso);

describe('cron times', () => {
  it('finds the first tick in an interval, in the schedule time zone', () => {
    expect(
      firstTickBetween(
        '0 2 * * *',
        'UTC',
        at('2024-03-01T03:00:00Z'),
        at('2024-03-02T03:00:00Z'),
      )?.toISOString(),
    ).toBe('2024-03-02T02:00:00.000Z');
    // 02:00 in Paris in winter is 01:00 UTC
    expect(
      firstTickBetween(
        '0 2 * * *',
        'Europe/Paris',
        at('2024-01-10T00:00:00Z'),
        at('2024-01-11T00:00:00Z'),
      )?.toISOString(),
    ).toBe('2024-01-10T01:00:00.000Z');
    expect(
      firstTickBetween('0 2 * * *', 'UTC', at('2024-03-01T03:00:00Z'), at('2024-03-02T01:59:59Z')),
    ).toBeUndefined();
    expect(
      firstTickBetween(
        '*/10 * * * * *',
        'UTC',
        at('2024-03-01T00:00:01Z'),
        at('2024-03-01T00:00:15Z'),
      )?.toISOString(),
    ).toBe('2024-03-01T00:00:10.000Z');
  });

  it('lists the next fire times and rejects bad expressions and zones', () => {
    const next = nextFireTimes('0 0 * * *', 'UTC', 3);
    expect(next).toHaveLength(3);
    expect(next[1]!.getTime() - next[0]!.getTime()).toBe(86_400_000);
    expect(checkCron('61 * * * *', 'UTC')).toMatch(/not a valid cron/);
    expect(checkCron('* * * * *', 'Mars/Olympus')).toMatch(/time zone/);
    expect(nextFireTimes('nope', 'UTC', 5)).toEqual([]);
  });
});
