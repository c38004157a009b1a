/**
 * ZIP packaging of the documents sent to DIAN (spec/02-services.md §5), on top of the
 * hardened reader/writer in src/signing/zip.ts, with the errors the simulator reports.
 */
import { SigningError } from '../../signing/errors.js';
import { unzipDocuments as readZip, zipDocuments as writeZip, type ZipEntry, type ZipReadLimits } from '../../signing/zip.js';

/** One file of a package. */
export type PackageEntry = ZipEntry;

/** Limits for untrusted ZIPs. */
export type UnzipLimits = ZipReadLimits;

/** Raised for a ZIP that is corrupt or breaks the limits; message in Spanish. */
export class ZipPackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipPackageError';
  }
}

/** Builds a ZIP (deflate) with the given entries, in order (up to 500, DIAN's batch limit). */
export function zipDocuments(entries: Array<{ name: string; content: Uint8Array | string }>): Uint8Array {
  return writeZip(entries, { maxFiles: 500, modifiedAt: new Date(Date.UTC(2020, 0, 1)) });
}

/** True when the bytes start like a ZIP (local file header or empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/**
 * Reads a ZIP from an untrusted source.
 * @throws ZipPackageError when corrupt or over the limits.
 */
export function unzipDocuments(bytes: Uint8Array, limits: UnzipLimits = {}): PackageEntry[] {
  try {
    return readZip(bytes, limits);
  } catch (e) {
    if (e instanceof SigningError) throw new ZipPackageError(e.message);
    throw new ZipPackageError(`El archivo está corrupto: ${e instanceof Error ? e.message : String(e)}`);
  }
}
