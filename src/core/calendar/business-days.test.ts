import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessDaysBetween, colombianHolidays, isBusinessDay } from './business-days.js';

describe('Colombian business days', () => {
  it('knows the 2025 holidays, moved per Ley Emiliani and from Easter (20 April 2025)', () => {
    const h = [...colombianHolidays(2025)].sort();
    expect(h).toEqual([
      '2025-01-01', '2025-01-06', '2025-03-24', '2025-04-17', '2025-04-18', '2025-05-01', '2025-06-02', '2025-06-23',
      '2025-06-30', '2025-07-20', '2025-08-07', '2025-08-18', '2025-10-13', '2025-11-03', '2025-11-17', '2025-12-08', '2025-12-25',
    ]);
  });
  it('counts three business days over weekends and holidays', () => {
    expect(isBusinessDay('2025-04-17')).toBe(false); // Holy Thursday
    expect(isBusinessDay('2025-04-19')).toBe(false); // Saturday
    expect(isBusinessDay('2025-04-16')).toBe(true);
    expect(addBusinessDays('2025-04-15', 3)).toBe('2025-04-22');
    expect(addBusinessDays('2025-08-01', 3)).toBe('2025-08-06');
    expect(addBusinessDays('2025-08-05', 3)).toBe('2025-08-11'); // 6, 8, 11 (7 Aug holiday)
    expect(businessDaysBetween('2025-04-15', '2025-04-22')).toBe(3);
    expect(businessDaysBetween('2025-04-22', '2025-04-15')).toBe(0);
  });
});
