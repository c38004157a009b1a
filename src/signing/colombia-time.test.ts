import { describe, expect, it } from 'vitest';
import { colombiaDateAndTime, formatColombiaDateTime, formatColombiaForPeople, parseXsdDateTime } from './colombia-time.js';

describe('formatColombiaDateTime', () => {
  it('writes Colombian time (-05:00) with milliseconds', () => {
    expect(formatColombiaDateTime(new Date('2024-04-29T15:47:18.294Z'))).toBe('2024-04-29T10:47:18.294-05:00');
  });

  it('moves the date back across midnight UTC', () => {
    expect(formatColombiaDateTime(new Date('2024-05-01T03:00:00.000Z'))).toBe('2024-04-30T22:00:00.000-05:00');
  });

  it('rejects an invalid date', () => {
    expect(() => formatColombiaDateTime(new Date('x'))).toThrow(RangeError);
  });

  it('gives IssueDate/IssueTime parts', () => {
    expect(colombiaDateAndTime(new Date('2024-05-01T03:04:05.678Z'))).toEqual({ date: '2024-04-30', time: '22:04:05-05:00' });
  });

  it('writes dates for people', () => {
    expect(formatColombiaForPeople(new Date('2021-01-01T00:00:00Z'))).toBe('2020-12-31 19:00:00 (hora de Colombia)');
  });
});

describe('parseXsdDateTime', () => {
  it('reads offsets, Z, fractions and local (Colombian) time', () => {
    expect(parseXsdDateTime('2019-06-21T19:24:47.563-05:00')?.toISOString()).toBe('2019-06-22T00:24:47.563Z');
    expect(parseXsdDateTime('2019-06-21T19:24:47Z')?.toISOString()).toBe('2019-06-21T19:24:47.000Z');
    expect(parseXsdDateTime('2019-06-21T19:24:47')?.toISOString()).toBe('2019-06-22T00:24:47.000Z');
    expect(parseXsdDateTime(' 2019-06-21T19:24:47.1+01:00 ')?.toISOString()).toBe('2019-06-21T18:24:47.100Z');
  });

  it('rejects malformed values', () => {
    for (const bad of ['', '2019-06-21', '21/06/2019 19:24', '2019-13-01T00:00:00', '2019-06-21T19:24:47-0500']) {
      expect(parseXsdDateTime(bad)).toBeUndefined();
    }
  });
});
