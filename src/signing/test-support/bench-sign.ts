/**
 * Quick signing benchmark: `npx tsx src/signing/test-support/bench-sign.ts [seconds]`.
 * Prints signXml throughput on a 20-line invoice — full canonical-form proof (`auto`) and
 * builder-trusted (`trusted`) — next to the machine's raw RSA-2048 sign rate measured in
 * alternating slices of the same run, and verifyXml throughput.
 */
import { compareWithRsa, measureVerifyRate } from '../bench.js';
import { signXml } from '../xades.js';
import { getTestPki } from './test-pki.js';
import { makeInvoiceWithLines } from './fixtures.js';

const ms = Number(process.argv[2] ?? '4') * 1000;
const { identity } = getTestPki();
const invoice = makeInvoiceWithLines(20);
const signingTime = new Date('2024-04-29T15:47:18.294Z');
const signed = signXml(invoice, identity, { signingTime });

const auto = compareWithRsa(() => signXml(invoice, identity, { signingTime }), ms, identity.privateKey);
const trusted = compareWithRsa(() => signXml(invoice, identity, { signingTime, input: 'trusted' }), ms, identity.privateKey);
const verifies = measureVerifyRate(signed, ms / 2);
const fmt = (n: number): string => n.toFixed(0).padStart(6);
console.log(`invoice: 20 lines, ${Buffer.byteLength(invoice)} bytes unsigned, ${Buffer.byteLength(signed)} bytes signed; one core`);
console.log(`signXml (input: auto)     ${fmt(auto.rate)} docs/s   raw RSA-2048 ${fmt(auto.rsaRate)} signs/s   ratio ${auto.ratio.toFixed(3)}`);
console.log(`signXml (input: trusted)  ${fmt(trusted.rate)} docs/s   raw RSA-2048 ${fmt(trusted.rsaRate)} signs/s   ratio ${trusted.ratio.toFixed(3)}`);
console.log(`verifyXml                 ${fmt(verifies)} docs/s`);
