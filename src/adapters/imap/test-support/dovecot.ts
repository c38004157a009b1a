/**
 * A real IMAP server for tests: Debian's dovecot (installed by .ci/run), started in a temporary
 * folder on a free local port with one user (plaintext auth on 127.0.0.1 only), stopped after.
 * When dovecot is not installed, {@link dovecotAvailable} is false and the tests say so and skip.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));

/** True when a dovecot binary is installed. */
export const dovecotAvailable = DOVECOT !== undefined;

/** A running dovecot. */
export interface TestImapServer {
  host: string;
  port: number;
  user: string;
  pass: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const { connect } = await import('node:net');
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`dovecot no abrió el puerto ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts dovecot with one mailbox user. */
export async function startDovecot(): Promise<TestImapServer> {
  if (!DOVECOT) throw new Error('dovecot no está instalado (apt-get install dovecot-imapd)');
  const dir = mkdtempSync(join(tmpdir(), 'previa-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const me = userInfo();
  // As root (CI), the login and internal processes run as the package's unprivileged users.
  const asRoot = me.uid === 0;
  const user = 'recepcion';
  const pass = 'clave-de-prueba';
  // Mail is never stored as uid 0: as root, mailboxes belong to the package's dovecot user.
  const mailUid = asRoot ? Number(spawnSync('id', ['-u', 'dovecot'], { encoding: 'utf8' }).stdout.trim()) : me.uid;
  const mailGid = asRoot ? Number(spawnSync('id', ['-g', 'dovecot'], { encoding: 'utf8' }).stdout.trim()) : me.gid;
  mkdirSync(join(dir, 'home'), { recursive: true });
  chownSync(join(dir, 'home'), mailUid, mailGid);
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${pass}\n`, { mode: 0o644 });
  const config = join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${asRoot ? 'dovecot' : me.username}
default_login_user = ${asRoot ? 'dovenull' : me.username}
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:${dir}/home/%u/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 50
}
`,
  );
  // The daemon keeps its stdio: give it a file, not a pipe (spawnSync would wait for the pipe to close).
  const out = openSync(join(dir, 'start.log'), 'w');
  const started = spawnSync(DOVECOT, ['-c', config], { stdio: ['ignore', out, out] });
  closeSync(out);
  if (started.status !== 0) throw new Error(`dovecot no arrancó: ${readFileSync(join(dir, 'start.log'), 'utf8')}`);
  await waitForPort(port, 10_000);
  return {
    host: '127.0.0.1',
    port,
    user,
    pass,
    async stop() {
      spawnSync(DOVECOT, ['-c', config, 'stop'], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 200));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
