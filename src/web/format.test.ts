import { describe, expect, it } from 'vitest';
import { formatCop, formatCount, formatDate, formatDateTime } from './format.js';

describe('Colombian formats', () => {
  it('formats COP with dot thousands and comma decimals, exactly from the decimal string', () => {
    expect(formatCop('1234567.5')).toBe('$ 1.234.567,50');
    expect(formatCop('100')).toBe('$ 100,00');
    expect(formatCop('0.00')).toBe('$ 0,00');
    expect(formatCop('-20.00')).toBe('-$ 20,00');
    expect(formatCop('123456789012345678.99')).toBe('$ 123.456.789.012.345.678,99');
    expect(formatCop(null)).toBe('—');
    expect(formatCount('5000001')).toBe('5.000.001');
    expect(formatCount(12)).toBe('12');
  });
  it('formats dates as dd/mm/aaaa and instants at Colombia time', () => {
    expect(formatDate('2026-11-28')).toBe('28/11/2026');
    expect(formatDate('2026-01-05T03:00:00.000Z')).toBe('05/01/2026');
    expect(formatDateTime('2026-01-05T03:00:00.000Z')).toBe('04/01/2026 22:00');
  });
});
