/**
 * Amounts in Spanish words, as Colombian invoices print them ("valor en letras"):
 * `UN MILLÓN DOSCIENTOS MIL PESOS M/CTE`, `VEINTIÚN MIL PESOS CON CINCUENTA CENTAVOS M/CTE`.
 *
 * Rules (RAE, and the usage on Colombian invoices):
 * - "uno" shortens to "un" before a noun: UN PESO, VEINTIÚN MIL, TREINTA Y UN MILLONES.
 * - 100 is CIEN alone, CIENTO before more digits (CIENTO UNO); 1000 is MIL (not "un mil").
 * - Long scale: MILLÓN = 10^6, MIL MILLONES = 10^9, BILLÓN = 10^12 (never the US "billion").
 * - "DE" goes before the currency after a round million: UN MILLÓN DE PESOS, but
 *   UN MILLÓN DOSCIENTOS MIL PESOS.
 * - Centavos, when not zero, as "CON … CENTAVOS"; M/CTE ("moneda corriente") closes COP amounts.
 */

const UNITS = ['', 'UNO', 'DOS', 'TRES', 'CUATRO', 'CINCO', 'SEIS', 'SIETE', 'OCHO', 'NUEVE'];
const TEENS = ['DIEZ', 'ONCE', 'DOCE', 'TRECE', 'CATORCE', 'QUINCE', 'DIECISÉIS', 'DIECISIETE', 'DIECIOCHO', 'DIECINUEVE'];
const TWENTIES = ['VEINTE', 'VEINTIUNO', 'VEINTIDÓS', 'VEINTITRÉS', 'VEINTICUATRO', 'VEINTICINCO', 'VEINTISÉIS', 'VEINTISIETE', 'VEINTIOCHO', 'VEINTINUEVE'];
const TENS = ['', '', '', 'TREINTA', 'CUARENTA', 'CINCUENTA', 'SESENTA', 'SETENTA', 'OCHENTA', 'NOVENTA'];
const HUNDREDS = ['', 'CIENTO', 'DOSCIENTOS', 'TRESCIENTOS', 'CUATROCIENTOS', 'QUINIENTOS', 'SEISCIENTOS', 'SETECIENTOS', 'OCHOCIENTOS', 'NOVECIENTOS'];

/** 0–999 in words ("" for 0); `apocope` turns a final UNO into UN (before a noun). */
function below1000(n: number, apocope: boolean): string {
  if (n === 100) return 'CIEN';
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (h > 0) parts.push(HUNDREDS[h]!);
  if (rest > 0) {
    let words: string;
    if (rest < 10) words = UNITS[rest]!;
    else if (rest < 20) words = TEENS[rest - 10]!;
    else if (rest < 30) words = TWENTIES[rest - 20]!;
    else words = TENS[Math.floor(rest / 10)]! + (rest % 10 > 0 ? ` Y ${UNITS[rest % 10]!}` : '');
    if (apocope) words = words.replace(/VEINTIUNO$/, 'VEINTIÚN').replace(/UNO$/, 'UN');
    parts.push(words);
  }
  return parts.join(' ');
}

/** 0–999 999 in words; `apocope` applies to the last group. */
function below1e6(n: number, apocope: boolean): string {
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const parts: string[] = [];
  if (thousands === 1) parts.push('MIL');
  else if (thousands > 1) parts.push(`${below1000(thousands, true)} MIL`);
  if (rest > 0) parts.push(below1000(rest, apocope));
  return parts.join(' ');
}

/**
 * A non-negative integer in Spanish words, upper case, long scale.
 *
 * @param n the integer (up to 10^24 − 1).
 * @param apocope write a final "uno" as "un" (the number precedes a noun: UN PESO).
 * @throws RangeError for negative or too large numbers.
 */
export function integerInWords(n: bigint, apocope = false): string {
  if (n < 0n) throw new RangeError('Solo números no negativos');
  if (n === 0n) return 'CERO';
  if (n >= 10n ** 24n) throw new RangeError('Número demasiado grande para escribirlo en letras');
  // Groups of six digits: units, millones, billones, trillones.
  const scales: Array<[string, string]> = [
    ['', ''],
    ['MILLÓN', 'MILLONES'],
    ['BILLÓN', 'BILLONES'],
    ['TRILLÓN', 'TRILLONES'],
  ];
  const parts: string[] = [];
  let rest = n;
  const groups: number[] = [];
  while (rest > 0n) {
    groups.push(Number(rest % 1_000_000n));
    rest /= 1_000_000n;
  }
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    if (i === 0) {
      parts.push(below1e6(g, apocope));
    } else {
      const [singular, plural] = scales[i]!;
      parts.push(g === 1 ? `UN ${singular}` : `${below1e6(g, true)} ${plural}`);
    }
  }
  return parts.join(' ');
}

/** Currency names for the amount in words: singular, plural, closing text. */
const CURRENCIES: Readonly<Record<string, { one: string; many: string; suffix: string }>> = {
  COP: { one: 'PESO', many: 'PESOS', suffix: ' M/CTE' },
  USD: { one: 'DÓLAR', many: 'DÓLARES', suffix: ' (USD)' },
  EUR: { one: 'EURO', many: 'EUROS', suffix: '' },
};

/**
 * An amount in minor units (centavos) in Spanish words.
 *
 * Worked examples: 120000000n → `UN MILLÓN DOSCIENTOS MIL PESOS M/CTE`;
 * 100000000n → `UN MILLÓN DE PESOS M/CTE`; 2100050n → `VEINTIÚN MIL PESOS CON CINCUENTA CENTAVOS M/CTE`.
 *
 * @param minor amount in hundredths (non-negative; a negative amount is written with "MENOS").
 * @param currency ISO 4217 code (COP default; others fall back to the code as the unit name).
 */
export function amountInWords(minor: bigint, currency = 'COP'): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const units = abs / 100n;
  const cents = Number(abs % 100n);
  const names = CURRENCIES[currency] ?? { one: currency, many: currency, suffix: '' };
  let text = integerInWords(units, true);
  // "de" before the currency after a round million / billion: UN MILLÓN DE PESOS.
  const roundMillion = units >= 1_000_000n && units % 1_000_000n === 0n;
  text += `${roundMillion ? ' DE' : ''} ${units === 1n ? names.one : names.many}`;
  if (cents > 0) text += ` CON ${integerInWords(BigInt(cents), true)} ${cents === 1 ? 'CENTAVO' : 'CENTAVOS'}`;
  return `${negative ? 'MENOS ' : ''}${text}${names.suffix}`;
}
