import { describe, expect, it } from 'vitest';
import { amountInWords, integerInWords } from './amount-in-words.js';

describe('integerInWords', () => {
  it.each([
    [0n, 'CERO'],
    [1n, 'UNO'],
    [15n, 'QUINCE'],
    [16n, 'DIECISÉIS'],
    [21n, 'VEINTIUNO'],
    [22n, 'VEINTIDÓS'],
    [31n, 'TREINTA Y UNO'],
    [99n, 'NOVENTA Y NUEVE'],
    [100n, 'CIEN'],
    [101n, 'CIENTO UNO'],
    [115n, 'CIENTO QUINCE'],
    [500n, 'QUINIENTOS'],
    [777n, 'SETECIENTOS SETENTA Y SIETE'],
    [1000n, 'MIL'],
    [1001n, 'MIL UNO'],
    [2000n, 'DOS MIL'],
    [21000n, 'VEINTIÚN MIL'],
    [31000n, 'TREINTA Y UN MIL'],
    [100000n, 'CIEN MIL'],
    [101000n, 'CIENTO UN MIL'],
    [999999n, 'NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE'],
    [1000000n, 'UN MILLÓN'],
    [1200000n, 'UN MILLÓN DOSCIENTOS MIL'],
    [2000000n, 'DOS MILLONES'],
    [21000000n, 'VEINTIÚN MILLONES'],
    [1000000000n, 'MIL MILLONES'],
    [1500000000n, 'MIL QUINIENTOS MILLONES'],
    [1000000000000n, 'UN BILLÓN'],
    [2000001000001n, 'DOS BILLONES UN MILLÓN UNO'],
  ])('%s → %s', (n, words) => {
    expect(integerInWords(n)).toBe(words);
  });

  it('rejects negatives and numbers beyond trillones', () => {
    expect(() => integerInWords(-1n)).toThrow(RangeError);
    expect(() => integerInWords(10n ** 24n)).toThrow(RangeError);
  });
});

describe('amountInWords (COP)', () => {
  it.each([
    [120000000n, 'UN MILLÓN DOSCIENTOS MIL PESOS M/CTE'],
    [100000000n, 'UN MILLÓN DE PESOS M/CTE'],
    [300000000000n, 'TRES MIL MILLONES DE PESOS M/CTE'],
    [100n, 'UN PESO M/CTE'],
    [0n, 'CERO PESOS M/CTE'],
    [2100n, 'VEINTIÚN PESOS M/CTE'],
    [2100050n, 'VEINTIÚN MIL PESOS CON CINCUENTA CENTAVOS M/CTE'],
    [101n, 'UN PESO CON UN CENTAVO M/CTE'],
    [142800000n, 'UN MILLÓN CUATROCIENTOS VEINTIOCHO MIL PESOS M/CTE'],
    [-500n, 'MENOS CINCO PESOS M/CTE'],
  ])('%s centavos → %s', (minor, words) => {
    expect(amountInWords(minor)).toBe(words);
  });

  it('names other currencies', () => {
    expect(amountInWords(150000n, 'USD')).toBe('MIL QUINIENTOS DÓLARES (USD)');
    expect(amountInWords(100n, 'EUR')).toBe('UN EURO');
  });
});
