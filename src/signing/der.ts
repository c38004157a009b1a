/**
 * A minimal DER reader: just enough ASN.1 to read the fields of an X.509 certificate that
 * XAdES needs verbatim (serial number, issuer name with its exact encodings, validity).
 * node:crypto's X509Certificate gives these only as display strings.
 */

/** One TLV: tag byte and the offsets of its content inside the buffer. */
export interface DerElement {
  /** The identifier octet (class, constructed bit and tag number < 31). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just after the last content octet. */
  readonly end: number;
}

/** Universal tags used here. */
export const DerTag = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/**
 * Reads the TLV at `offset`.
 *
 * @param buf DER bytes.
 * @param offset where the identifier octet is.
 * @param limit end of the enclosing content (defaults to the buffer end).
 * @throws RangeError on truncated input, high tag numbers or indefinite lengths (not DER).
 */
export function readDer(buf: Uint8Array, offset: number, limit: number = buf.length): DerElement {
  if (offset + 2 > limit) throw new RangeError('DER truncado');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new RangeError('Etiqueta DER no soportada');
  let pos = offset + 1;
  let length = buf[pos++]!;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('Longitud DER no soportada');
    if (pos + count > limit) throw new RangeError('DER truncado');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++]!;
  }
  const end = pos + length;
  if (end > limit) throw new RangeError('DER truncado');
  return { tag, start: offset, contentStart: pos, end };
}

/**
 * The children of a constructed element, in order.
 *
 * @param buf DER bytes.
 * @param parent a constructed element (SEQUENCE, SET, [n]).
 */
export function derChildren(buf: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readDer(buf, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Dotted-decimal text of an OBJECT IDENTIFIER's content. */
export function derOid(buf: Uint8Array, el: DerElement): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = el.contentStart; i < el.end; i++) {
    const b = buf[i]!;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.join('.');
}

/** Decimal text of an INTEGER (two's complement, so a malformed negative serial reads as negative). */
export function derIntegerDecimal(buf: Uint8Array, el: DerElement): string {
  if (el.end === el.contentStart) return '0';
  let hex = '';
  for (let i = el.contentStart; i < el.end; i++) hex += buf[i]!.toString(16).padStart(2, '0');
  let value = BigInt(`0x${hex}`);
  if (buf[el.contentStart]! & 0x80) value -= 1n << BigInt((el.end - el.contentStart) * 8);
  return value.toString(10);
}

/** Reads a UTCTime or GeneralizedTime as a Date (UTC). */
export function derTime(buf: Uint8Array, el: DerElement): Date {
  const text = Buffer.from(buf.subarray(el.contentStart, el.end)).toString('latin1');
  let m: RegExpExecArray | null;
  if (el.tag === DerTag.UTC_TIME) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text);
    if (!m) throw new RangeError(`UTCTime no válido: ${text}`);
    const yy = Number(m[1]);
    const year = yy >= 50 ? 1900 + yy : 2000 + yy;
    return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? '0')));
  }
  if (el.tag === DerTag.GENERALIZED_TIME) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.(\d+))?Z$/.exec(text);
    if (!m) throw new RangeError(`GeneralizedTime no válido: ${text}`);
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? '0'), ms));
  }
  throw new RangeError('Se esperaba una fecha ASN.1');
}

/**
 * The text of an ASN.1 string type, or undefined when the element is not a string type.
 * TeletexString is read as Latin-1, which is what CAs put in it in practice.
 */
export function derString(buf: Uint8Array, el: DerElement): string | undefined {
  const bytes = Buffer.from(buf.subarray(el.contentStart, el.end));
  switch (el.tag) {
    case DerTag.UTF8_STRING:
      return bytes.toString('utf8');
    case DerTag.PRINTABLE_STRING:
    case DerTag.IA5_STRING:
    case DerTag.NUMERIC_STRING:
    case DerTag.VISIBLE_STRING:
    case DerTag.TELETEX_STRING:
      return bytes.toString('latin1');
    case DerTag.BMP_STRING: {
      let out = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes.readUInt16BE(i));
      return out;
    }
    case DerTag.UNIVERSAL_STRING: {
      let out = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) out += String.fromCodePoint(bytes.readUInt32BE(i));
      return out;
    }
    default:
      return undefined;
  }
}
