/**
 * X.509 certificate fields as XAdES writes them: the issuer as an RFC 4514 string (the way
 * DIAN's samples and Java's `X500Principal.getName("RFC2253")` — hence xades4j, DIAN's
 * validator — write it), the serial number in decimal, and the validity period.
 *
 * Example from a DIAN sample: `C=CO,L=Bogota D.C.,O=Andes SCD.,OU=Division de certificacion entidad
 * final,CN=CA ANDES SCD S.A. Clase II,1.2.840.113549.1.9.1=#1614696e666f40616e6465737363642e636f6d2e636f`
 * — RDNs in reverse order of the DER, standard keywords for CN/C/L/ST/O/OU/STREET/DC/UID, every
 * other attribute as `OID=#hex` of its DER encoding (so the exact string type survives).
 */
import { DerTag, derChildren, derIntegerDecimal, derOid, derString, derTime, readDer, type DerElement } from './der.js';

/** One attribute of a distinguished name. */
export interface NameAttribute {
  /** Attribute type, dotted OID (e.g. `2.5.4.3` for CN). */
  readonly oid: string;
  /** The complete DER encoding (tag, length, content) of the value. */
  readonly valueDer: Buffer;
  /** The value's text when it is an ASN.1 string type. */
  readonly text: string | undefined;
}

/** A distinguished name: RDNs in DER order (most significant first), each a set of attributes. */
export type DistinguishedName = ReadonlyArray<ReadonlyArray<NameAttribute>>;

/** What XAdES and the verifier need from a certificate. */
export interface CertificateInfo {
  /** The certificate, DER. */
  readonly der: Buffer;
  /** Serial number, decimal. */
  readonly serialNumber: string;
  /** Issuer name as parsed. */
  readonly issuer: DistinguishedName;
  /** Subject name as parsed. */
  readonly subject: DistinguishedName;
  /** Issuer, RFC 4514 (Java RFC2253 style). */
  readonly issuerName: string;
  /** Subject, RFC 4514 (Java RFC2253 style). */
  readonly subjectName: string;
  /** Start of validity. */
  readonly notBefore: Date;
  /** End of validity. */
  readonly notAfter: Date;
}

/** Keywords Java emits in RFC 2253 format; every other type is written as its OID. */
const RFC2253_KEYWORDS: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** Keywords accepted when reading names written by other software (RFC 4514, RFC 1779 and common extras). */
const KEYWORD_OIDS: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  S: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  STREET: '2.5.4.9',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
  E: '1.2.840.113549.1.9.1',
  EMAIL: '1.2.840.113549.1.9.1',
  EMAILADDRESS: '1.2.840.113549.1.9.1',
  SERIALNUMBER: '2.5.4.5',
  T: '2.5.4.12',
  TITLE: '2.5.4.12',
  SN: '2.5.4.4',
  SURNAME: '2.5.4.4',
  G: '2.5.4.42',
  GIVENNAME: '2.5.4.42',
  DNQ: '2.5.4.46',
  DNQUALIFIER: '2.5.4.46',
  POSTALCODE: '2.5.4.17',
  BUSINESSCATEGORY: '2.5.4.15',
};

function readName(buf: Buffer, el: DerElement): DistinguishedName {
  if (el.tag !== DerTag.SEQUENCE) throw new RangeError('Nombre X.500 no válido');
  return derChildren(buf, el).map((rdn) => {
    if (rdn.tag !== DerTag.SET) throw new RangeError('RDN no válido');
    return derChildren(buf, rdn).map((ava) => {
      const [type, value] = derChildren(buf, ava);
      if (!type || !value || type.tag !== DerTag.OID) throw new RangeError('Atributo de nombre no válido');
      return {
        oid: derOid(buf, type),
        valueDer: Buffer.from(buf.subarray(value.start, value.end)),
        text: derString(buf, value),
      };
    });
  });
}

/**
 * Reads the fields XAdES needs from a DER certificate.
 *
 * @param der the certificate.
 * @throws RangeError when the bytes are not an X.509 certificate.
 */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  const buf = Buffer.from(der);
  const cert = readDer(buf, 0);
  if (cert.tag !== DerTag.SEQUENCE || cert.end !== buf.length) throw new RangeError('Certificado X.509 no válido');
  const [tbs] = derChildren(buf, cert);
  if (!tbs || tbs.tag !== DerTag.SEQUENCE) throw new RangeError('Certificado X.509 no válido');
  const fields = derChildren(buf, tbs);
  let i = 0;
  if (fields[0]?.tag === 0xa0) i++; // [0] EXPLICIT version
  const serial = fields[i];
  const issuer = fields[i + 2];
  const validity = fields[i + 3];
  const subject = fields[i + 4];
  if (!serial || serial.tag !== DerTag.INTEGER || !issuer || !validity || !subject) {
    throw new RangeError('Certificado X.509 no válido');
  }
  const [notBefore, notAfter] = derChildren(buf, validity);
  if (!notBefore || !notAfter) throw new RangeError('Certificado X.509 sin vigencia');
  const issuerDn = readName(buf, issuer);
  const subjectDn = readName(buf, subject);
  return {
    der: buf,
    serialNumber: derIntegerDecimal(buf, serial),
    issuer: issuerDn,
    subject: subjectDn,
    issuerName: formatDistinguishedName(issuerDn),
    subjectName: formatDistinguishedName(subjectDn),
    notBefore: derTime(buf, notBefore),
    notAfter: derTime(buf, notAfter),
  };
}

/** RFC 4514 §2.4 escaping of an attribute value's text. */
function escapeRdnValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === ',' || ch === '+' || ch === '"' || ch === '\\' || ch === '<' || ch === '>' || ch === ';') out += `\\${ch}`;
    else if (ch === '\0') out += '\\00';
    else if ((ch === '#' || ch === ' ') && i === 0) out += `\\${ch}`;
    else if (ch === ' ' && i === value.length - 1) out += '\\ ';
    else out += ch;
  }
  return out;
}

/**
 * Writes a distinguished name as RFC 4514 text, as Java's `X500Principal.getName("RFC2253")`
 * does: last RDN first, standard keywords only for the RFC 2253 set, `OID=#hex` otherwise.
 *
 * @param dn the name in DER order.
 */
export function formatDistinguishedName(dn: DistinguishedName): string {
  const rdns: string[] = [];
  for (let i = dn.length - 1; i >= 0; i--) {
    const avas = dn[i]!.map((a) => {
      const keyword = RFC2253_KEYWORDS[a.oid];
      if (keyword !== undefined && a.text !== undefined) return `${keyword}=${escapeRdnValue(a.text)}`;
      return `${a.oid}=#${a.valueDer.toString('hex')}`;
    });
    rdns.push(avas.join('+'));
  }
  return rdns.join(',');
}

/** A parsed attribute of a textual name: type OID and comparable value. */
interface TextAttribute {
  oid: string;
  value: string;
}

/** Comparison form of a value: trimmed, inner whitespace collapsed, lower case (X.520 caseIgnoreMatch). */
function comparable(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function hexValueToComparable(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length * 2 !== hex.length) throw new RangeError('Valor hexadecimal no válido en el nombre');
  try {
    const el = readDer(bytes, 0);
    const text = el.end === bytes.length ? derString(bytes, el) : undefined;
    if (text !== undefined) return comparable(text);
  } catch {
    // not DER: compare the raw bytes
  }
  return `#${hex.toLowerCase()}`;
}

/**
 * Parses an RFC 4514 (or RFC 1779) distinguished name into RDNs in *text* order.
 *
 * @param text e.g. `C=CO,O=Andes SCD.,CN=CA ANDES SCD S.A. Clase II`.
 * @throws RangeError on malformed text or unknown keywords.
 */
function parseNameText(text: string): TextAttribute[][] {
  const rdns: TextAttribute[][] = [];
  let current: TextAttribute[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    const eq = text.indexOf('=', i);
    if (eq === -1) throw new RangeError(`Nombre X.500 no válido: ${text}`);
    let type = text.slice(i, eq).trim();
    if (/^oid\./i.test(type)) type = type.slice(4);
    const oid = /^\d+(\.\d+)+$/.test(type) ? type : KEYWORD_OIDS[type.toUpperCase()];
    if (oid === undefined) throw new RangeError(`Tipo de atributo desconocido en el nombre: ${type}`);
    i = eq + 1;
    while (i < n && text[i] === ' ') i++;
    let value: string;
    if (text[i] === '#') {
      let j = i + 1;
      while (j < n && /[0-9a-fA-F]/.test(text[j]!)) j++;
      value = hexValueToComparable(text.slice(i + 1, j));
      i = j;
    } else if (text[i] === '"') {
      let j = i + 1;
      let raw = '';
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < n) j++;
        raw += text[j];
        j++;
      }
      value = comparable(raw);
      i = j + 1;
    } else {
      const bytes: number[] = [];
      while (i < n && text[i] !== ',' && text[i] !== '+' && text[i] !== ';') {
        if (text[i] === '\\' && i + 1 < n) {
          const pair = text.slice(i + 1, i + 3);
          if (/^[0-9a-fA-F]{2}$/.test(pair)) {
            bytes.push(parseInt(pair, 16));
            i += 3;
            continue;
          }
          i++;
        }
        const cp = text.codePointAt(i)!;
        const chunk = String.fromCodePoint(cp);
        for (const b of Buffer.from(chunk, 'utf8')) bytes.push(b);
        i += chunk.length;
      }
      value = comparable(Buffer.from(bytes).toString('utf8'));
    }
    current.push({ oid, value });
    while (i < n && text[i] === ' ') i++;
    if (i >= n) break;
    const sep = text[i];
    i++;
    if (sep === ',' || sep === ';') {
      rdns.push(current);
      current = [];
    } else if (sep !== '+') {
      throw new RangeError(`Nombre X.500 no válido: ${text}`);
    }
  }
  if (current.length > 0) rdns.push(current);
  return rdns;
}

function attributeKey(a: TextAttribute): string {
  return `${a.oid}=${a.value}`;
}

/**
 * Whether a textual issuer name (from `ds:X509IssuerName`) names the same entity as a parsed DER
 * name, the way an X.500 comparison does: RDN by RDN in RFC 4514 order, values compared case-
 * and space-insensitively, `OID=#hex` values decoded.
 *
 * @param text the name as written in the XML.
 * @param dn the name from the certificate.
 */
export function sameDistinguishedName(text: string, dn: DistinguishedName): boolean {
  let parsed: TextAttribute[][];
  try {
    parsed = parseNameText(text);
  } catch {
    return false;
  }
  const expected = [...dn].reverse().map((rdn) =>
    rdn.map((a) => ({ oid: a.oid, value: a.text !== undefined ? comparable(a.text) : `#${a.valueDer.toString('hex')}` })),
  );
  if (parsed.length !== expected.length) return false;
  for (let i = 0; i < parsed.length; i++) {
    const left = parsed[i]!.map(attributeKey).sort();
    const right = expected[i]!.map(attributeKey).sort();
    if (left.length !== right.length || left.some((k, j) => k !== right[j])) return false;
  }
  return true;
}
