/**
 * Throughput measurements for `previa bench`: signatures and verifications per second on one
 * core, next to the machine's own raw RSA-2048 sign rate measured in the same run. The RSA
 * private-key operation is the floor of any XAdES signer; the ratio shows how much of the time
 * goes to everything else (scan, digests, string building).
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { SigningIdentity } from './pkcs12.js';
import { verifyXml, type VerifyOptions } from './verify.js';
import { signXml, type SignOptions } from './xades.js';

/**
 * Runs `fn` repeatedly for about `ms` milliseconds (after a short warm-up) and returns calls/s.
 *
 * @param fn the operation; its result is ignored.
 * @param ms measuring time in milliseconds.
 */
export function measureRate(fn: () => unknown, ms: number): number {
  const warmUntil = performance.now() + Math.min(200, ms / 5);
  while (performance.now() < warmUntil) fn();
  let count = 0;
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 8; i++) fn();
    count += 8;
    now = performance.now();
  }
  return (count * 1000) / (now - start);
}

let benchKey: KeyObject | undefined;

function rsaSigner(key?: KeyObject): () => Buffer {
  benchKey ??= key ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const k = key ?? benchKey;
  const payload = Buffer.alloc(1200, 0x61);
  return () => sign('sha256', payload, k);
}

/** Throughput of an operation next to the raw RSA-2048 sign rate measured in the same run. */
export interface RsaComparison {
  /** Operations per second. */
  rate: number;
  /** Raw RSA-2048 signatures per second. */
  rsaRate: number;
  /** rate ÷ rsaRate: 1 would mean the operation costs nothing beyond its RSA signature. */
  ratio: number;
}

/**
 * Measures `fn` and the raw RSA-2048 sign rate in alternating 100 ms slices, so that both see
 * the same machine load (a shared CI runner's speed drifts over seconds).
 *
 * @param fn the operation (typically a document signature).
 * @param ms total measuring time, split evenly between the two.
 * @param key RSA-2048 key for the raw rate (generated once when omitted).
 */
export function compareWithRsa(fn: () => unknown, ms: number, key?: KeyObject): RsaComparison {
  const rsa = rsaSigner(key);
  measureRate(fn, 100);
  measureRate(rsa, 100);
  const slice = 100;
  const rounds = Math.max(1, Math.round(ms / (2 * slice)));
  let fnCount = 0;
  let fnTime = 0;
  let rsaCount = 0;
  let rsaTime = 0;
  const run = (op: () => unknown): [number, number] => {
    let count = 0;
    const start = performance.now();
    const end = start + slice;
    let now = start;
    while (now < end) {
      op();
      count++;
      now = performance.now();
    }
    return [count, now - start];
  };
  for (let r = 0; r < rounds; r++) {
    const [c1, t1] = run(fn);
    const [c2, t2] = run(rsa);
    fnCount += c1;
    fnTime += t1;
    rsaCount += c2;
    rsaTime += t2;
  }
  const rate = (fnCount * 1000) / fnTime;
  const rsaRate = (rsaCount * 1000) / rsaTime;
  return { rate, rsaRate, ratio: rate / rsaRate };
}

/**
 * The machine's raw RSA-2048 PKCS#1 v1.5 / SHA-256 sign rate with node:crypto on one core,
 * signing a SignedInfo-sized payload (1.2 KB).
 *
 * @param ms measuring time in milliseconds.
 * @param key an RSA-2048 private key (a fresh one is generated once when omitted).
 * @returns signatures per second.
 */
export function measureRsaSignRate(ms: number, key?: KeyObject): number {
  return measureRate(rsaSigner(key), ms);
}

/**
 * signXml throughput on a given unsigned document.
 *
 * @param unsignedXml the document (canonical, with an empty signature slot).
 * @param identity the signer.
 * @param ms measuring time in milliseconds.
 * @param opts signing options (signing time defaults to the certificate's mid-life, so validity never interferes).
 * @returns signed documents per second.
 */
export function measureSignRate(unsignedXml: string, identity: SigningIdentity, ms: number, opts: Partial<SignOptions> = {}): number {
  const signingTime = opts.signingTime ?? new Date((identity.notBefore.getTime() + identity.notAfter.getTime()) / 2);
  return measureRate(() => signXml(unsignedXml, identity, { ...opts, signingTime }), ms);
}

/**
 * verifyXml throughput on a signed document.
 *
 * @param signedXml the signed document.
 * @param ms measuring time in milliseconds.
 * @param opts verification options.
 * @returns verifications per second.
 */
export function measureVerifyRate(signedXml: string, ms: number, opts: VerifyOptions = {}): number {
  return measureRate(() => verifyXml(signedXml, opts), ms);
}
