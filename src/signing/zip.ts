/**
 * ZIP packaging of DIAN documents (spec/01-documents.md §12.2, spec/02-services.md §5): one
 * signed XML per ZIP for SendBillSync, up to 50 for a test-set/batch upload, deflate, names per
 * DIAN (see `dianFileName`/`dianZipName` in core/identity). The same functions build the ZIP
 * e-mailed to the buyer (AttachedDocument + PDF).
 *
 * Reading is hardened for ZIPs that come from outside (DIAN's answers, suppliers' e-mails): the
 * central directory is read and checked *before* anything is inflated — entry count, declared
 * sizes, no encryption, no ZIP64, flat safe file names (no path traversal, no absolute paths,
 * no duplicates) — and each entry is inflated into a buffer of its declared size only (a lying
 * header cannot make it grow), then its CRC-32 is checked.
 */
import { inflateSync, zipSync, type ZipOptions } from 'fflate';
import { SigningError } from './errors.js';

/** A file inside a ZIP. */
export interface ZipEntry {
  /** File name (flat, no directories). */
  name: string;
  /** Content bytes. */
  content: Uint8Array;
}

/** Options of {@link zipDocuments}. */
export interface ZipWriteOptions {
  /** Most files allowed (default 50: DIAN's limit for a test-set ZIP; use 1 for SendBillSync). */
  maxFiles?: number;
  /** Modification time written in the entries (default: now). */
  modifiedAt?: Date;
}

/** Limits of {@link unzipDocuments}. */
export interface ZipReadLimits {
  /** Most entries (default 500, DIAN's SendBillAsync limit). */
  maxEntries?: number;
  /** Largest uncompressed entry in bytes (default 20 MiB). */
  maxEntryBytes?: number;
  /** Largest uncompressed total in bytes (default 100 MiB). */
  maxTotalBytes?: number;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

function assertSafeName(name: string): void {
  if (!SAFE_NAME.test(name) || name.includes('..')) {
    throw new SigningError(
      'invalid_zip',
      `Nombre de archivo no permitido en el ZIP: "${name}" (solo letras, dígitos, punto, guion y guion bajo; sin carpetas ni "..").`,
    );
  }
}

/**
 * Builds a ZIP (deflate) with the given files.
 *
 * @param files names and contents (strings are written as UTF-8, byte for byte).
 * @param opts file limit and entry time.
 * @returns the ZIP bytes.
 * @throws SigningError `invalid_zip` on an empty list, too many files, unsafe or repeated names.
 */
export function zipDocuments(files: ReadonlyArray<{ name: string; content: string | Uint8Array }>, opts: ZipWriteOptions = {}): Uint8Array {
  const maxFiles = opts.maxFiles ?? 50;
  if (files.length === 0) throw new SigningError('invalid_zip', 'El ZIP debe contener al menos un archivo.');
  if (files.length > maxFiles) throw new SigningError('invalid_zip', `El ZIP admite como máximo ${maxFiles} archivos (se recibieron ${files.length}).`);
  const seen = new Set<string>();
  const entries = Object.create(null) as Record<string, [Uint8Array, ZipOptions]>;
  const mtime = opts.modifiedAt ?? new Date();
  for (const f of files) {
    assertSafeName(f.name);
    const key = f.name.toLowerCase();
    if (seen.has(key)) throw new SigningError('invalid_zip', `Archivo repetido en el ZIP: ${f.name}.`);
    seen.add(key);
    const bytes = typeof f.content === 'string' ? new Uint8Array(Buffer.from(f.content, 'utf8')) : f.content;
    entries[f.name] = [bytes, { level: 6, mtime }];
  }
  return zipSync(entries);
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3), as ZIP stores it. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function bad(message: string): SigningError {
  return new SigningError('invalid_zip', message);
}

/**
 * Reads a ZIP from outside, with the checks described in the module comment. Directory entries
 * and macOS metadata (`__MACOSX/`) are skipped.
 *
 * @param zip the ZIP bytes.
 * @param limits entry count and size bounds.
 * @returns the files, in central-directory order.
 * @throws SigningError `invalid_zip` naming the problem.
 */
export function unzipDocuments(zip: Uint8Array, limits: ZipReadLimits = {}): ZipEntry[] {
  const maxEntries = limits.maxEntries ?? 500;
  const maxEntryBytes = limits.maxEntryBytes ?? 20 * 1024 * 1024;
  const maxTotalBytes = limits.maxTotalBytes ?? 100 * 1024 * 1024;
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);

  // End of central directory: the last 22+ bytes, possibly followed by a comment.
  let eocd = -1;
  for (let p = zip.length - 22; p >= 0 && p >= zip.length - 22 - 0xffff; p--) {
    if (u32(p) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd === -1) throw bad('El archivo no es un ZIP válido.');
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bad('ZIP64 no soportado.');
  if (count > maxEntries) throw bad(`El ZIP tiene ${count} entradas; el máximo es ${maxEntries}.`);
  if (cdOffset + cdSize > eocd) throw bad('Directorio central del ZIP fuera de rango.');

  interface Header {
    name: string;
    method: number;
    crc: number;
    compressedSize: number;
    size: number;
    localOffset: number;
  }
  const headers: Header[] = [];
  const seen = new Set<string>();
  let total = 0;
  let p = cdOffset;
  for (let e = 0; e < count; e++) {
    if (p + 46 > eocd || u32(p) !== 0x02014b50) throw bad('Directorio central del ZIP dañado.');
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const crc = u32(p + 16);
    const compressedSize = u32(p + 20);
    const size = u32(p + 24);
    const nameLength = u16(p + 28);
    const extraLength = u16(p + 30);
    const commentLength = u16(p + 32);
    const localOffset = u32(p + 42);
    const nameBytes = zip.subarray(p + 46, p + 46 + nameLength);
    const name = Buffer.from(nameBytes).toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/') || name.startsWith('__MACOSX/')) continue;
    if (flags & 0x1) throw bad(`La entrada "${name}" está cifrada.`);
    if (method !== 0 && method !== 8) throw bad(`La entrada "${name}" usa un método de compresión no soportado (${method}).`);
    if (name.includes('\0') || name.includes('\\') || name.includes('/') || /^[A-Za-z]:/.test(name)) {
      throw bad(`Nombre de archivo no permitido en el ZIP: "${name}" (rutas, carpetas o unidades).`);
    }
    assertSafeName(name);
    const key = name.toLowerCase();
    if (seen.has(key)) throw bad(`Archivo repetido en el ZIP: ${name}.`);
    seen.add(key);
    if (size > maxEntryBytes) throw bad(`La entrada "${name}" mide ${size} bytes; el máximo es ${maxEntryBytes}.`);
    total += size;
    if (total > maxTotalBytes) throw bad(`El contenido del ZIP supera ${maxTotalBytes} bytes.`);
    headers.push({ name, method, crc, compressedSize, size, localOffset });
  }

  return headers.map((h) => {
    const at = h.localOffset;
    if (at + 30 > cdOffset || u32(at) !== 0x04034b50) throw bad(`Encabezado local dañado para "${h.name}".`);
    const start = at + 30 + u16(at + 26) + u16(at + 28);
    const end = start + h.compressedSize;
    if (end > cdOffset) throw bad(`Datos de "${h.name}" fuera de rango.`);
    const raw = zip.subarray(start, end);
    let content: Uint8Array;
    if (h.method === 0) {
      if (h.compressedSize !== h.size) throw bad(`Tamaño inconsistente en "${h.name}".`);
      content = raw.slice();
    } else {
      try {
        content = inflateSync(raw, { out: new Uint8Array(h.size) });
      } catch (cause) {
        throw new SigningError('invalid_zip', `No se pudo descomprimir "${h.name}".`, { cause });
      }
    }
    if (content.length !== h.size || crc32(content) !== h.crc) throw bad(`La entrada "${h.name}" está dañada (CRC o tamaño no coinciden).`);
    return { name: h.name, content };
  });
}
