/**
 * Colombian business days (días hábiles): Monday to Friday except national holidays, for the
 * acceptance clock of RADIAN events (spec/02-services.md §8.4: three business days after the
 * 032 "recibo del bien"). Pure: dates are `YYYY-MM-DD` strings of the Colombian calendar.
 *
 * Holidays per Ley 51 de 1983 ("Ley Emiliani"): fixed dates (1 Jan, 1 May, 20 Jul, 7 Aug,
 * 8 Dec, 25 Dec); dates moved to the following Monday (6 Jan, 19 Mar, 29 Jun, 15 Aug, 12 Oct,
 * 1 Nov, 11 Nov); and Easter-based ones: Holy Thursday and Good Friday (not moved), Ascension
 * (Easter + 43, a Monday), Corpus Christi (+64) and Sacred Heart (+71).
 * Example: 2025 holidays include 2025-03-24 (San José moved from Wed 19 Mar), 2025-04-17/18
 * (Holy Thursday/Friday; Easter 2025-04-20), 2025-06-02 (Ascension).
 */

const DAY_MS = 86_400_000;

function toEpochDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Easter Sunday (Gregorian, anonymous algorithm / Meeus–Jones–Butcher) as an epoch day. */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toEpochDay(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

function nextMonday(epochDay: number): number {
  const wd = weekday(epochDay);
  return wd === 1 ? epochDay : epochDay + ((8 - wd) % 7);
}

const holidayCache = new Map<number, ReadonlySet<string>>();

/**
 * The national holidays of a year.
 *
 * @param year Gregorian year.
 * @returns the holiday dates (`YYYY-MM-DD`).
 */
export function colombianHolidays(year: number): ReadonlySet<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const md = (m: number, d: number) => toEpochDay(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  const e = easter(year);
  const days = [
    md(1, 1), md(5, 1), md(7, 20), md(8, 7), md(12, 8), md(12, 25),
    ...[md(1, 6), md(3, 19), md(6, 29), md(8, 15), md(10, 12), md(11, 1), md(11, 11)].map(nextMonday),
    e - 3, e - 2, e + 43, e + 64, e + 71,
  ];
  const set = new Set(days.map(fromEpochDay));
  holidayCache.set(year, set);
  return set;
}

/** Whether a date is a business day (Monday–Friday, not a national holiday). */
export function isBusinessDay(date: string): boolean {
  const wd = weekday(toEpochDay(date));
  return wd !== 0 && wd !== 6 && !colombianHolidays(Number(date.slice(0, 4))).has(date);
}

/**
 * The date `n` business days after `date` (not counting `date` itself).
 * Example: addBusinessDays('2025-04-15', 3) = '2025-04-22' (Tue 15 → Mon 21 is day 2 after the
 * Holy Thursday/Friday holidays and the weekend: 16, 21, 22).
 */
export function addBusinessDays(date: string, n: number): string {
  let day = toEpochDay(date);
  let left = n;
  while (left > 0) {
    day += 1;
    if (isBusinessDay(fromEpochDay(day))) left -= 1;
  }
  return fromEpochDay(day);
}

/** Business days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function businessDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = toEpochDay(from) + 1; day <= toEpochDay(to); day++) if (isBusinessDay(fromEpochDay(day))) count++;
  return count;
}
