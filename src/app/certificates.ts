import { randomUUID } from 'node:crypto';
import type { AppDeps } from './context.js';
import { AppError } from './errors.js';
import type { SignerIdentity } from './ports.js';
import type { CertificateRecord } from './records.js';

/** What the API shows about a certificate (never the key or password). */
export interface CertificateView {
  id: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  active: boolean;
  warnings: string[];
}

/** Certificate view with expiry warnings. */
export function viewCertificate(deps: AppDeps, c: CertificateRecord): CertificateView {
  const warnings: string[] = [];
  const now = deps.clock.now();
  const days = Math.floor((c.notAfter.getTime() - now.getTime()) / 86_400_000);
  if (days < 0) warnings.push('El certificado está vencido: no se pueden firmar documentos');
  else if (days <= deps.config.expiryWarningDays) warnings.push(`El certificado vence en ${days} días: renuévelo`);
  return { id: c.id, subject: c.subject, issuer: c.issuer, serialNumber: c.serialNumber, notBefore: c.notBefore, notAfter: c.notAfter, active: c.active, warnings };
}

/** Loads and stores a .p12 (encrypted with the master key) as the organization's active certificate. */
export async function uploadCertificate(deps: AppDeps, organizationId: string, p12: Uint8Array, password: string): Promise<CertificateView> {
  const now = deps.clock.now();
  const loaded = await deps.signer.loadIdentity(p12, password, now);
  if (!loaded.ok) throw new AppError('invalid_data', loaded.message, { issues: [{ path: 'certificate', message: loaded.message }] });
  const id = loaded.identity;
  const record = await deps.store.addCertificate({
    id: randomUUID(),
    organizationId,
    p12Enc: deps.secrets.seal(p12),
    passwordEnc: deps.secrets.seal(password),
    subject: id.subject,
    issuer: id.issuer,
    serialNumber: id.serialNumber,
    notBefore: id.notBefore,
    notAfter: id.notAfter,
    active: true,
    createdAt: now,
  });
  deps.identityCache.set(record.id, id);
  await deps.store.audit({ organizationId, entryType: 'state_change', entity: 'certificate', entityId: record.id, action: 'uploaded', toState: 'active', detail: { subject: id.subject, notAfter: id.notAfter.toISOString() }, createdAt: now });
  return viewCertificate(deps, record);
}

/** The organization's active signing identity (cached), or unexpected_state when none/expired. */
export async function requireSigningIdentity(deps: AppDeps, organizationId: string): Promise<SignerIdentity> {
  const cert = await deps.store.getActiveCertificate(organizationId);
  if (!cert) throw new AppError('unexpected_state', 'La organización no tiene certificado de firma: suba su archivo .p12');
  const now = deps.clock.now();
  if (cert.notAfter.getTime() < now.getTime()) throw new AppError('unexpected_state', 'El certificado de firma está vencido: suba uno vigente');
  const cached = deps.identityCache.get(cert.id);
  if (cached) return cached;
  const loaded = await deps.signer.loadIdentity(deps.secrets.open(cert.p12Enc), deps.secrets.open(cert.passwordEnc).toString('utf8'), now);
  if (!loaded.ok) throw new AppError('unexpected_state', `El certificado guardado no se pudo cargar: ${loaded.message}`);
  deps.identityCache.set(cert.id, loaded.identity);
  return loaded.identity;
}
