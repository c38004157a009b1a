import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getTestPki, makeTestPkcs12 } from '../signing/test-support/test-pki.js';
import { DEMO } from '../dian/simulator/config.js';
import { startSimulator, type RunningSimulator } from '../dian/simulator/server.js';
import { signedDocument } from '../dian/test-support/documents.js';
import { registerDianCommands } from './dian-commands.js';

describe('CLI send / status / numbering-ranges against the simulator', () => {
  const commands = new Map<string, (args: string[]) => Promise<number>>();
  registerDianCommands((name, cmd) => commands.set(name, cmd));
  let sim: RunningSimulator;
  const dir = mkdtempSync(join(tmpdir(), 'previa-cli-'));
  const p12 = join(dir, 'firma.p12');
  let output = '';

  beforeAll(async () => {
    // The simulator's clock is the real one here: sign a document dated today (Colombia).
    sim = await startSimulator();
    const pki = getTestPki();
    writeFileSync(p12, makeTestPkcs12({ key: pki.signer.key, certs: [pki.signer, pki.ca], password: 'clave' }));
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      output += String(s);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      output += String(s);
      return true;
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await sim.close();
  });

  it('exposes the four commands', () => {
    expect([...commands.keys()].sort()).toEqual(['dian-simulator', 'numbering-ranges', 'send', 'status']);
  });

  it('send: 0 accepted, 1 duplicate; status: 0; numbering-ranges: 0; transport failure: 2', async () => {
    const today = new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10);
    const doc = signedDocument(
      'invoice',
      (d) => {
        d.consecutive = 990000901;
        d.issueDate = today;
      d.dueDate = today;
        (d.payment as Record<string, string>).dueDate = today;
      },
      { signingTime: new Date() },
    );
    const file = join(dir, 'fv0900108281000260000001.xml');
    writeFileSync(file, doc.xml);
    const conn = ['--env', sim.url, '--cert', p12, '--password', 'clave'];
    const send = commands.get('send')!;
    output = '';
    const first = await send([file, ...conn, '-o', join(dir, 'ar.xml')]);
    expect(output).toContain('Documento ACEPTADO por la DIAN.');
    expect(first).toBe(0);
    expect(await send([file, ...conn])).toBe(1);
    expect(output).toContain('Regla 90');
    expect(await commands.get('status')!([doc.uuid, ...conn])).toBe(0);
    expect(await commands.get('numbering-ranges')!(['--nit', DEMO.nit, '--software-id', DEMO.softwareId, ...conn])).toBe(0);
    expect(output).toContain('Clave técnica: fc8eac422eba16e22ffd8c6f94b3f40a6e38162c');
    sim.setFaults({ httpStatus: 503, times: 1 });
    expect(await commands.get('status')!([doc.uuid, ...conn])).toBe(2);
    expect(await send([file, '--env', sim.url, '--cert', p12, '--password', 'mala'])).toBe(2);
  });
});
