/**
 * DIAN rules of the extensions (groups FAA/FAB/FAC and their credit/debit twins): the
 * `ext:UBLExtensions` frame, `sts:DianExtensions` (InvoiceControl, SoftwareProvider,
 * SoftwareSecurityCode, AuthorizationProvider, QRCode) and the signature extension.
 *
 * The numbering-range rules come in two kinds: "a" rules look only at the XML (presence, the
 * declared period against IssueDate, the prefix against the issuer's billing point) and always
 * run; "b" rules compare the declared InvoiceControl with the ranges DIAN authorized, so they need
 * `authorizedRanges` (from GetNumberingRange).
 */
import { isValidNitDv, computeNitDv, computeSoftwareSecurityCode } from '../../identity/index.js';
import type { XmlElement } from '../../xml/parse.js';
import { docIndex } from '../document-index.js';
import { all, at, child, first, missing, text, rootChild, NONE } from '../helpers.js';
import { children } from '../../xml/query.js';
import type { Finding, RuleContext, RuleDefinition } from '../types.js';
import { dianExtensions, dianExtensionsAll, invoiceControl, issueDate, matchedRange } from './header.js';

/** NIT of DIAN, the only authorization provider. */
const DIAN_NIT = '800197268';
const DIAN_AGENCY_ID = '195';
const DIAN_AGENCY_NAME = 'CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)';
const DIGITS = /^\d+$/;

function ext(ctx: RuleContext, path: string): XmlElement | undefined {
  return docIndex(ctx).ext(path);
}

/** A finding on an attribute of an element (or on the missing element itself). */
function atAttr(el: XmlElement | undefined, ctx: RuleContext, name: string, detail: string, expected?: string, actual?: string): Finding {
  const f: Finding = { path: `${at(el, ctx).path}/@${name}`, detail };
  if (expected !== undefined) f.expected = expected;
  if (actual !== undefined) f.actual = actual;
  return f;
}

/** Presence of a non-empty element under sts:DianExtensions. */
function requireExt(ctx: RuleContext, path: string, detail: string): Finding[] {
  const el = ext(ctx, path);
  if (el && el.text.trim() !== '') return NONE;
  if (el) return [at(el, ctx, detail)];
  const dian = dianExtensions(ctx);
  const parts = path.split('/');
  const parentPath = parts.slice(0, -1).join('/');
  const parent = parentPath === '' ? dian : (first(dian, parentPath) ?? dian);
  return [missing(parent, ctx, parts[parts.length - 1] ?? path, detail)];
}

/** Rules that compare one InvoiceControl value with the matched authorized range. */
function rangeEquality(id: string, path: string, what: string, pick: (r: NonNullable<ReturnType<typeof matchedRange>>) => string, normalize = (s: string) => s): RuleDefinition {
  return {
    ids: { invoice: id },
    description: `InvoiceControl ${what} must equal the authorized numbering range (GetNumberingRange).`,
    requires: ['authorizedRanges'],
    check(ctx) {
      const ic = invoiceControl(ctx);
      const range = matchedRange(ctx);
      if (!ic || !range) return NONE;
      const el = first(ic, path);
      const v = text(el) ?? '';
      const expected = pick(range);
      if (normalize(v) === normalize(expected)) return NONE;
      return [el ? at(el, ctx, `informado: "${v}"; autorizado: "${expected}"`, expected, v) : missing(ic, ctx, path, `autorizado: "${expected}"`)];
    },
  };
}

const stripZeros = (s: string) => (DIGITS.test(s) ? s.replace(/^0+(?=\d)/, '') : s);

/** DIAN rules of this group (see docs/rules.md). */
export const extensionsRules: RuleDefinition[] = [
  {
    ids: { invoice: 'FAA02', 'credit-note': 'CAA02', 'debit-note': 'DAA02' },
    description: 'ext:UBLExtensions must hold a UBLExtension with sts:DianExtensions and one with ds:Signature.',
    check(ctx) {
      const exts = rootChild(ctx, 'ext:UBLExtensions');
      if (!exts) return [missing(ctx.root, ctx, 'ext:UBLExtensions', 'no se encuentra el grupo de extensiones')];
      const out: Finding[] = [];
      if (dianExtensionsAll(ctx).length === 0) out.push(missing(exts, ctx, 'ext:UBLExtension/ext:ExtensionContent/sts:DianExtensions', 'no se encuentra sts:DianExtensions'));
      if (ctx.unsigned) {
        // Before signing, the second extension must be the empty slot the signer fills.
        const slot = children(exts, 'ext:UBLExtension')[1];
        const content = child(slot, 'ext:ExtensionContent');
        if (!content || content.children.length > 0) out.push(missing(exts, ctx, 'ext:UBLExtension[2]/ext:ExtensionContent', 'falta la segunda extensión vacía reservada para la firma'));
      } else if (all(exts, 'ext:UBLExtension/ext:ExtensionContent/ds:Signature').length === 0) {
        out.push(missing(exts, ctx, 'ext:UBLExtension/ext:ExtensionContent/ds:Signature', 'no se encuentra ds:Signature (documento sin firmar)'));
      }
      return out;
    },
  },
  {
    ids: { invoice: 'FAB03', 'credit-note': 'CAB03', 'debit-note': 'DAB03' },
    description: 'At most one UBLExtension may contain sts:DianExtensions.',
    check(ctx) {
      const found = dianExtensionsAll(ctx);
      return found.length > 1 ? found.slice(1).map((el) => at(el, ctx, `${found.length} grupos sts:DianExtensions`)) : [];
    },
  },
  {
    ids: { invoice: 'FAC03', 'credit-note': 'CAC03', 'debit-note': 'DAC03' },
    description: 'At most one UBLExtension may contain ds:Signature (its absence is FAA02).',
    check(ctx) {
      const found = all(ctx.root, 'ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/ds:Signature');
      return found.length > 1 ? found.slice(1).map((el) => at(el, ctx, `${found.length} firmas ds:Signature`)) : [];
    },
  },
  {
    ids: { invoice: 'FAB05a' },
    description: 'InvoiceControl/InvoiceAuthorization (resolution number) must be present.',
    check: (ctx) => requireExt(ctx, 'sts:InvoiceControl/sts:InvoiceAuthorization', 'número de resolución no informado'),
  },
  {
    ids: { invoice: 'FAB05b' },
    description: 'InvoiceAuthorization must be the resolution number of one of the issuer\'s authorized ranges.',
    requires: ['authorizedRanges'],
    check(ctx) {
      const el = ext(ctx, 'sts:InvoiceControl/sts:InvoiceAuthorization');
      const v = text(el);
      if (v === undefined || v === '') return NONE;
      if (ctx.authorizedRanges!.some((r) => r.resolution === v)) return NONE;
      return [at(el, ctx, `resolución "${v}"; autorizadas: ${ctx.authorizedRanges!.map((r) => r.resolution).join(', ') || '(ninguna)'}`, undefined, v)];
    },
  },
  {
    ids: { invoice: 'FAB07' },
    description: 'AuthorizationPeriod/StartDate must be present.',
    check: (ctx) => requireExt(ctx, 'sts:InvoiceControl/sts:AuthorizationPeriod/cbc:StartDate', 'fecha de inicio del rango no informada'),
  },
  {
    ids: { invoice: 'FAB07a' },
    description: 'The declared AuthorizationPeriod/StartDate must not be after IssueDate.',
    check(ctx) {
      const el = ext(ctx, 'sts:InvoiceControl/sts:AuthorizationPeriod/cbc:StartDate');
      const start = text(el);
      const d = issueDate(ctx);
      if (!start || !d || start <= d) return NONE;
      return [at(el, ctx, `StartDate ${start} posterior a IssueDate ${d}`, d, start)];
    },
  },
  rangeEquality('FAB07b', 'sts:AuthorizationPeriod/cbc:StartDate', 'StartDate', (r) => r.startDate),
  {
    ids: { invoice: 'FAB08' },
    description: 'AuthorizationPeriod/EndDate must be present.',
    check: (ctx) => requireExt(ctx, 'sts:InvoiceControl/sts:AuthorizationPeriod/cbc:EndDate', 'fecha final del rango no informada'),
  },
  {
    ids: { invoice: 'FAB08a' },
    description: 'The declared AuthorizationPeriod/EndDate must not be before IssueDate.',
    check(ctx) {
      const el = ext(ctx, 'sts:InvoiceControl/sts:AuthorizationPeriod/cbc:EndDate');
      const end = text(el);
      const d = issueDate(ctx);
      if (!end || !d || end >= d) return NONE;
      return [at(el, ctx, `EndDate ${end} anterior a IssueDate ${d}`, d, end)];
    },
  },
  rangeEquality('FAB08b', 'sts:AuthorizationPeriod/cbc:EndDate', 'EndDate', (r) => r.endDate),
  {
    ids: { invoice: 'FAB10a' },
    description: 'AuthorizedInvoices/Prefix must equal the billing-point code of the issuer (PartyLegalEntity/CorporateRegistrationScheme/cbc:ID).',
    check(ctx) {
      const el = ext(ctx, 'sts:InvoiceControl/sts:AuthorizedInvoices/sts:Prefix');
      const prefix = text(el);
      const branch = text(first(ctx.root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cac:CorporateRegistrationScheme/cbc:ID'));
      if (prefix === undefined || branch === undefined || prefix === branch) return NONE;
      return [at(el, ctx, `prefijo "${prefix}"; punto de facturación "${branch}"`, branch, prefix)];
    },
  },
  rangeEquality('FAB10b', 'sts:AuthorizedInvoices/sts:Prefix', 'Prefix', (r) => r.prefix),
  {
    ids: { invoice: 'FAB11a' },
    description: 'AuthorizedInvoices/From must be present.',
    check: (ctx) => requireExt(ctx, 'sts:InvoiceControl/sts:AuthorizedInvoices/sts:From', 'valor inicial del rango no informado'),
  },
  rangeEquality('FAB11b', 'sts:AuthorizedInvoices/sts:From', 'From', (r) => String(r.from), stripZeros),
  {
    ids: { invoice: 'FAB12a' },
    description: 'AuthorizedInvoices/To must be present.',
    check: (ctx) => requireExt(ctx, 'sts:InvoiceControl/sts:AuthorizedInvoices/sts:To', 'valor final del rango no informado'),
  },
  rangeEquality('FAB12b', 'sts:AuthorizedInvoices/sts:To', 'To', (r) => String(r.to), stripZeros),
  {
    ids: { invoice: 'FAB19a', 'credit-note': 'CAB19a', 'debit-note': 'DAB19a' },
    description: 'SoftwareProvider/ProviderID (NIT of the software provider) must be present.',
    check: (ctx) => requireExt(ctx, 'sts:SoftwareProvider/sts:ProviderID', 'NIT del proveedor de software no informado'),
  },
  {
    ids: { invoice: 'FAB22', 'credit-note': 'CAB22', 'debit-note': 'DAB22' },
    description: 'ProviderID must carry @schemeID (reported here when @schemeName is not 31; with 31 it is FAB22a).',
    check(ctx) {
      const el = ext(ctx, 'sts:SoftwareProvider/sts:ProviderID');
      if (!el || (el.attrs.schemeID ?? '') !== '' || el.attrs.schemeName === '31') return NONE;
      return [atAttr(el, ctx, 'schemeID', 'atributo schemeID no informado')];
    },
  },
  {
    ids: { invoice: 'FAB22a', 'credit-note': 'CAB22a', 'debit-note': 'DAB22a' },
    description: 'When ProviderID@schemeName is 31 (NIT), its DV must be given in @schemeID.',
    check(ctx) {
      const el = ext(ctx, 'sts:SoftwareProvider/sts:ProviderID');
      if (!el || el.attrs.schemeName !== '31' || (el.attrs.schemeID ?? '') !== '') return NONE;
      return [atAttr(el, ctx, 'schemeID', 'DV del NIT no informado')];
    },
  },
  {
    ids: { invoice: 'FAB22b', 'credit-note': 'CAB22b', 'debit-note': 'DAB22b' },
    description: 'ProviderID@schemeID must be the DIAN check digit of the provider NIT.',
    check(ctx) {
      const el = ext(ctx, 'sts:SoftwareProvider/sts:ProviderID');
      const nit = text(el);
      const dv = el?.attrs.schemeID;
      if (!el || !nit || !dv || el.attrs.schemeName !== '31' || !DIGITS.test(nit) || nit.length > 15) return NONE;
      if (isValidNitDv(nit, dv)) return NONE;
      const expected = computeNitDv(nit);
      return [atAttr(el, ctx, 'schemeID', `NIT ${nit}: DV informado "${dv}", calculado "${expected}"`, expected, dv)];
    },
  },
  {
    ids: { invoice: 'FAB23' },
    description: 'ProviderID@schemeName must be 31 (NIT).',
    check(ctx) {
      const el = ext(ctx, 'sts:SoftwareProvider/sts:ProviderID');
      if (!el || el.attrs.schemeName === '31') return NONE;
      return [atAttr(el, ctx, 'schemeName', `informado: "${el.attrs.schemeName ?? ''}"`, '31', el.attrs.schemeName)];
    },
  },
  {
    ids: { invoice: 'FAB24a' },
    description: 'SoftwareProvider/SoftwareID must be present.',
    check: (ctx) => requireExt(ctx, 'sts:SoftwareProvider/sts:SoftwareID', 'identificador del software no informado'),
  },
  {
    ids: { invoice: 'FAB25' },
    description: 'SoftwareID@schemeAgencyID must be the literal 195.',
    check(ctx) {
      const el = ext(ctx, 'sts:SoftwareProvider/sts:SoftwareID');
      if (!el || el.attrs.schemeAgencyID === DIAN_AGENCY_ID) return NONE;
      return [atAttr(el, ctx, 'schemeAgencyID', `informado: "${el.attrs.schemeAgencyID ?? ''}"`, DIAN_AGENCY_ID, el.attrs.schemeAgencyID)];
    },
  },
  {
    ids: { invoice: 'FAB26' },
    description: 'SoftwareID@schemeAgencyName must be the DIAN literal "CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)".',
    message: 'No informado el literal “CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)”',
    check(ctx) {
      const el = ext(ctx, 'sts:SoftwareProvider/sts:SoftwareID');
      if (!el || el.attrs.schemeAgencyName === DIAN_AGENCY_NAME) return NONE;
      return [atAttr(el, ctx, 'schemeAgencyName', `informado: "${el.attrs.schemeAgencyName ?? ''}"`, DIAN_AGENCY_NAME, el.attrs.schemeAgencyName)];
    },
  },
  {
    ids: { invoice: 'FAB27a' },
    description: 'sts:SoftwareSecurityCode must be present.',
    check: (ctx) => requireExt(ctx, 'sts:SoftwareSecurityCode', 'código de seguridad del software no informado'),
  },
  {
    ids: { invoice: 'FAB27b', 'credit-note': 'CAB27b', 'debit-note': 'DAB27b' },
    description: 'SoftwareSecurityCode must equal SHA-384(SoftwareID + software PIN + cbc:ID).',
    requires: ['softwarePin'],
    check(ctx) {
      const el = ext(ctx, 'sts:SoftwareSecurityCode');
      const softwareId = text(ext(ctx, 'sts:SoftwareProvider/sts:SoftwareID'));
      const number = text(rootChild(ctx, 'cbc:ID'));
      const actual = text(el) ?? '';
      if (!softwareId || !number) return [at(el, ctx, 'no se puede recalcular: falta sts:SoftwareID o cbc:ID')];
      const expected = computeSoftwareSecurityCode(softwareId, ctx.softwarePin!, number);
      if (actual.toLowerCase() === expected) return NONE;
      return [el ? at(el, ctx, `calculado: ${expected}; informado: ${actual || '(vacío)'}`, expected, actual) : missing(dianExtensions(ctx), ctx, 'sts:SoftwareSecurityCode', `calculado: ${expected}`)];
    },
  },
  {
    ids: { invoice: 'FAB31', 'credit-note': 'CAB31', 'debit-note': 'DAB31' },
    description: 'AuthorizationProvider/AuthorizationProviderID must be DIAN\'s NIT 800197268.',
    check(ctx) {
      const el = ext(ctx, 'sts:AuthorizationProvider/sts:AuthorizationProviderID');
      const v = text(el);
      if (v === DIAN_NIT) return NONE;
      return [el ? at(el, ctx, `informado: "${v}"; se espera ${DIAN_NIT}`, DIAN_NIT, v) : missing(dianExtensions(ctx), ctx, 'sts:AuthorizationProvider/sts:AuthorizationProviderID', `se espera ${DIAN_NIT}`)];
    },
  },
  {
    ids: { invoice: 'FAB34', 'credit-note': 'CAB34', 'debit-note': 'DAB34' },
    description: 'AuthorizationProviderID@schemeID must be given and be the DV of DIAN\'s NIT (4).',
    check(ctx) {
      const el = ext(ctx, 'sts:AuthorizationProvider/sts:AuthorizationProviderID');
      const nit = text(el);
      if (!el || !nit || !DIGITS.test(nit) || nit.length > 15) return NONE;
      const dv = el.attrs.schemeID ?? '';
      if (isValidNitDv(nit, dv)) return NONE;
      const expected = computeNitDv(nit);
      return [atAttr(el, ctx, 'schemeID', `NIT ${nit}: DV informado "${dv}", calculado "${expected}"`, expected, dv)];
    },
  },
  {
    ids: { invoice: 'FAB35' },
    description: 'AuthorizationProviderID@schemeName must be 31 (NIT).',
    check(ctx) {
      const el = ext(ctx, 'sts:AuthorizationProvider/sts:AuthorizationProviderID');
      if (!el || el.attrs.schemeName === '31') return NONE;
      return [atAttr(el, ctx, 'schemeName', `informado: "${el.attrs.schemeName ?? ''}"`, '31', el.attrs.schemeName)];
    },
  },
  {
    ids: { invoice: 'FAB36', 'credit-note': 'CAB36', 'debit-note': 'DAB36' },
    description: 'sts:QRCode must be present and not empty.',
    check: (ctx) => requireExt(ctx, 'sts:QRCode', 'contenido del código QR no informado'),
  },
];

/** Extension-group rules DIAN defines that are not checked locally, with the reason. */
export const notImplementedExtensions: Record<string, string> = {
  FAB05c: 'Needs DIAN\'s association between the numbering range and the software (portal data, not in the XML nor in GetNumberingRange).',
  FAB19b: 'Needs DIAN\'s registry of enabled technology providers.',
  CAB19b: 'Needs DIAN\'s registry of enabled technology providers.',
  DAB19b: 'Needs DIAN\'s registry of enabled technology providers.',
  FAB24b: 'Needs DIAN\'s registry of software authorized for the issuer.',
  CAB24b: 'Needs DIAN\'s registry of software authorized for the issuer.',
  DAB24b: 'Needs DIAN\'s registry of software authorized for the issuer.',
  FAB24c: 'Needs DIAN\'s registry of software status (active/inactive).',
  CAB24c: 'Needs DIAN\'s registry of software status (active/inactive).',
  DAB24c: 'Needs DIAN\'s registry of software status (active/inactive).',
  FAB27c: 'Needs DIAN\'s registry of software status (active/inactive).',
  CAB27c: 'Needs DIAN\'s registry of software status (active/inactive).',
  DAB27c: 'Needs DIAN\'s registry of software status (active/inactive).',
  FAB27d: 'Needs DIAN\'s registry of software identifiers.',
  CAB27d: 'Needs DIAN\'s registry of software identifiers.',
  DAB27d: 'Needs DIAN\'s registry of software identifiers.',
};
