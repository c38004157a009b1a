import { describe, expect, it } from 'vitest';
import { imapConfigFromEnv } from './poller.js';

describe('IMAP settings from the environment', () => {
  it('is off without a host; keeps messages by default; requires credentials and the receiving NIT', () => {
    expect(imapConfigFromEnv({})).toBeUndefined();
    expect(imapConfigFromEnv({ PREVIA_IMAP_HOST: 'imap.example.com', PREVIA_IMAP_USER: 'u', PREVIA_IMAP_PASS: 'p', PREVIA_IMAP_ORG_NIT: '800199436' })).toMatchObject({
      port: 993, secure: true, mailbox: 'INBOX', afterProcess: 'keep', pollMs: 60_000, rejectUnauthorized: true,
    });
    expect(imapConfigFromEnv({ PREVIA_IMAP_HOST: 'h', PREVIA_IMAP_SECURE: '0', PREVIA_IMAP_USER: 'u', PREVIA_IMAP_PASS: 'p', PREVIA_IMAP_ORG_NIT: '1', PREVIA_IMAP_AFTER: 'delete' })).toMatchObject({ port: 143, secure: false, afterProcess: 'delete' });
    expect(() => imapConfigFromEnv({ PREVIA_IMAP_HOST: 'h' })).toThrow(/PREVIA_IMAP_USER, PREVIA_IMAP_PASS, PREVIA_IMAP_ORG_NIT/);
    expect(() => imapConfigFromEnv({ PREVIA_IMAP_HOST: 'h', PREVIA_IMAP_USER: 'u', PREVIA_IMAP_PASS: 'p', PREVIA_IMAP_ORG_NIT: '1', PREVIA_IMAP_AFTER: 'purge' })).toThrow(/keep, seen o delete/);
  });
});
