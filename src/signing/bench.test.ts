import { describe, expect, it } from 'vitest';
import { compareWithRsa, measureRsaSignRate, measureSignRate, measureVerifyRate } from './bench.js';
import { makeInvoiceWithLines } from './test-support/fixtures.js';
import { getTestPki } from './test-support/test-pki.js';
import { createThrowawayIdentity } from './throwaway-identity.js';
import { verifyXml } from './verify.js';
import { signXml } from './xades.js';

describe('bench', () => {
  const { identity } = getTestPki();
  const invoice = makeInvoiceWithLines(20);

  it('measures rates', () => {
    expect(measureRsaSignRate(150, identity.privateKey)).toBeGreaterThan(10);
    expect(measureSignRate(invoice, identity, 150)).toBeGreaterThan(5);
    expect(measureVerifyRate(signXml(invoice, identity, { signingTime: new Date('2024-04-29T15:00:00Z') }), 150)).toBeGreaterThan(1);
  });

  it('keeps signing close to the raw RSA cost (loose bound: CI machines are noisy)', () => {
    const signingTime = new Date('2024-04-29T15:00:00Z');
    const { ratio } = compareWithRsa(() => signXml(invoice, identity, { signingTime }), 1000, identity.privateKey);
    expect(ratio).toBeGreaterThan(0.25);
  });

  it('creates a throwaway identity whose signatures verify', () => {
    const throwaway = createThrowawayIdentity();
    const signed = signXml(invoice, throwaway, { signingTime: new Date('2024-04-29T15:00:00Z') });
    expect(verifyXml(signed).valid).toBe(true);
  });
});
