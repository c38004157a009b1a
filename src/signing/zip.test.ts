import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { dianFileName, dianZipName } from '../core/identity/index.js';
import { SigningError } from './errors.js';
import { crc32, unzipDocuments, zipDocuments } from './zip.js';

function zipError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SigningError);
    expect((error as SigningError).kind).toBe('invalid_zip');
    return (error as SigningError).message;
  }
  throw new Error('se esperaba un error de ZIP');
}

/** Patches a 32-bit little-endian field of every header with the given signature. */
function patch(zip: Uint8Array, signature: number, offset: number, value: number, size: 2 | 4 = 4): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let i = 0; i + 4 <= copy.length; i++) {
    if (view.getUint32(i, true) === signature) {
      if (size === 4) view.setUint32(i + offset, value, true);
      else view.setUint16(i + offset, value, true);
    }
  }
  return copy;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;

describe('zipDocuments / unzipDocuments', () => {
  it('round-trips a document under DIAN names, byte for byte', () => {
    const xmlName = dianFileName({ prefix: 'fv', nit: '800197268', year: 2024, sequence: 11 });
    const xml = '<?xml version="1.0" encoding="UTF-8" standalone="no"?><Invoice>Bogotá ñandú</Invoice>';
    const zip = zipDocuments([{ name: xmlName, content: xml }], { maxFiles: 1, modifiedAt: new Date('2024-04-29T10:00:00Z') });
    expect(dianZipName({ nit: '800197268', year: 2024, sequence: 11 })).toBe('z0800197268000240000000B.zip');
    const [entry, ...rest] = unzipDocuments(zip);
    expect(rest).toHaveLength(0);
    expect(entry!.name).toBe('fv0800197268000240000000B.xml');
    expect(Buffer.from(entry!.content).toString('utf8')).toBe(xml);
    // deflate, not stored
    expect(new DataView(zip.buffer, zip.byteOffset).getUint16(8, true)).toBe(8);
  });

  it('packs up to 50 documents and refuses more, duplicates and unsafe names', () => {
    const files = Array.from({ length: 50 }, (_, i) => ({ name: `fv${String(i).padStart(4, '0')}.xml`, content: `<a>${i}</a>` }));
    expect(unzipDocuments(zipDocuments(files))).toHaveLength(50);
    expect(zipError(() => zipDocuments([...files, { name: 'otro.xml', content: 'x' }]))).toMatch(/50/);
    expect(zipError(() => zipDocuments([]))).toMatch(/al menos/);
    expect(zipError(() => zipDocuments([{ name: 'a.xml', content: '' }, { name: 'A.XML', content: '' }]))).toMatch(/repetido/);
    for (const name of ['../a.xml', 'dir/a.xml', '/a.xml', 'C:a.xml', '.oculto', '__proto__', 'a b.xml']) {
      expect(zipError(() => zipDocuments([{ name, content: 'x' }]))).toMatch(/no permitido/);
    }
  });

  it('refuses path traversal and other unsafe entry names', () => {
    for (const name of ['../../etc/passwd', '/etc/passwd', 'carpeta/fv.xml', 'C:\\fv.xml', 'a\\..\\b.xml']) {
      const zip = zipSync({ [name]: new Uint8Array([60, 97, 62]) });
      expect(zipError(() => unzipDocuments(zip))).toMatch(/no permitido/);
    }
  });

  it('skips directories and macOS metadata', () => {
    const zip = zipSync({ 'fv.xml': new Uint8Array([60, 97, 62]), '__MACOSX/._fv.xml': new Uint8Array([1]), 'vacia/': new Uint8Array() });
    expect(unzipDocuments(zip).map((e) => e.name)).toEqual(['fv.xml']);
  });

  it('does not inflate past the declared size (zip bomb) and checks the CRC', () => {
    const big = zipSync({ 'fv.xml': new Uint8Array(5_000_000).fill(65) });
    expect(zipError(() => unzipDocuments(big, { maxEntryBytes: 1_000_000 }))).toMatch(/máximo/);
    // Lie about the size: the output buffer is the declared size, and the CRC gives the lie away.
    const lying = patch(patch(big, CENTRAL, 24, 1000), LOCAL, 22, 1000);
    expect(zipError(() => unzipDocuments(lying))).toMatch(/dañada/);
    const corrupt = patch(zipSync({ 'fv.xml': new Uint8Array([60, 97, 62]) }), CENTRAL, 16, 12345);
    expect(zipError(() => unzipDocuments(corrupt))).toMatch(/CRC/);
  });

  it('bounds the entry count and total size', () => {
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.xml`, new Uint8Array(1000)]));
    const zip = zipSync(files);
    expect(zipError(() => unzipDocuments(zip, { maxEntries: 10 }))).toMatch(/20 entradas/);
    expect(zipError(() => unzipDocuments(zip, { maxTotalBytes: 5000 }))).toMatch(/supera/);
  });

  it('refuses encrypted entries, unknown methods, duplicates and non-ZIP input', () => {
    const zip = zipSync({ 'fv.xml': new Uint8Array([60, 97, 62]) });
    expect(zipError(() => unzipDocuments(patch(zip, CENTRAL, 8, 1, 2)))).toMatch(/cifrada/);
    expect(zipError(() => unzipDocuments(patch(zip, CENTRAL, 10, 12, 2)))).toMatch(/compresión/);
    const twice = zipSync({ 'a.xml': new Uint8Array([1]), 'b.xml': new Uint8Array([2]) });
    const renamed = Buffer.from(twice);
    renamed.write('a.xml', renamed.lastIndexOf('b.xml'), 'latin1');
    expect(zipError(() => unzipDocuments(renamed))).toMatch(/repetido/);
    expect(zipError(() => unzipDocuments(new TextEncoder().encode('no soy un zip')))).toMatch(/no es un ZIP/);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
