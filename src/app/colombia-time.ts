/**
 * Colombia civil date and time (America/Bogota, UTC-05:00 all year: no daylight saving since
 * 1993). Computed by arithmetic on the instant, never via `toISOString()` of the local date,
 * which shifts the day near midnight (pitfall 7).
 */
export interface ColombiaDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS-05:00 (the form cbc:IssueTime takes). */
  time: string;
}

const OFFSET_MS = 5 * 60 * 60 * 1000;

/** The Colombia civil date/time of an instant. */
export function colombiaDateTime(instant: Date): ColombiaDateTime {
  const shifted = new Date(instant.getTime() - OFFSET_MS);
  const iso = shifted.toISOString(); // UTC fields of the shifted instant = Bogotá wall clock
  return { date: iso.slice(0, 10), time: `${iso.slice(11, 19)}-05:00` };
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
