/**
 * Colombian legal time for signatures. Colombia is UTC−05:00 all year (no daylight saving), so
 * the conversion is a fixed offset; DIAN wants SigningTime written with that offset, e.g.
 * `2024-04-29T10:47:18.294-05:00` (spec/01-documents.md §10).
 */

const OFFSET_MS = 5 * 60 * 60 * 1000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * Writes an instant as xsd:dateTime in Colombian time with milliseconds.
 *
 * @param instant the moment of signing.
 * @returns e.g. `2024-04-29T10:47:18.294-05:00`.
 * @throws RangeError for an invalid Date.
 */
export function formatColombiaDateTime(instant: Date): string {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('Fecha de firma no válida');
  const d = new Date(t - OFFSET_MS);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}-05:00`
  );
}

/**
 * The Colombian calendar date and clock time of an instant, as UBL writes `cbc:IssueDate` and
 * `cbc:IssueTime` (e.g. for an AttachedDocument issued now).
 *
 * @param instant any valid Date.
 * @returns e.g. `{ date: '2024-04-29', time: '10:47:18-05:00' }`.
 */
export function colombiaDateAndTime(instant: Date): { date: string; time: string } {
  const full = formatColombiaDateTime(instant);
  return { date: full.slice(0, 10), time: `${full.slice(11, 19)}-05:00` };
}

/**
 * Writes an instant for people: `2024-04-29 10:47:18 (hora de Colombia)`.
 *
 * @param instant any valid Date.
 */
export function formatColombiaForPeople(instant: Date): string {
  const d = new Date(instant.getTime() - OFFSET_MS);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} (hora de Colombia)`
  );
}

const XSD_DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an xsd:dateTime. A value without a zone is read as Colombian time, which is what a
 * DIAN document means by it.
 *
 * @param text e.g. `2019-06-21T19:24:47.563-05:00`.
 * @returns the instant, or undefined when the text is not a well-formed xsd:dateTime.
 */
export function parseXsdDateTime(text: string): Date | undefined {
  const m = XSD_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  let offsetMinutes = -5 * 60;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  const date = new Date(utc);
  return Number.isFinite(date.getTime()) ? date : undefined;
}
