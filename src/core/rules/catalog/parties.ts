/**
 * DIAN rules of the parties: issuer (group FAJ, AccountingSupplierParty), acquirer (group FAK,
 * AccountingCustomerParty) and the tax representative (FAL), with the credit/debit twins the
 * sources name (CAJ/CAK/DAJ/DAK).
 *
 * Check digits follow DIAN's engine (wscuellar/DIAN, 2022): the DV of PartyTaxScheme/CompanyID is
 * checked when @schemeName is 31 (FAJ24/FAK24); the DV of a *second* NIT in PartyLegalEntity is
 * checked only when that NIT differs from the first one (FAJ47/FAK47) — which is why DIAN's own
 * samples that repeat the issuer NIT there with a wrong DV are accepted.
 *
 * Code lists: values of table 13.2.6.1 (TaxLevelCode) that DIAN's samples still carry from the
 * 2019 list (O-99, O-06, ZZ …) are accepted with a notification; other values are rejected.
 */
import { codeListHas, municipality, department } from '../../codelists/index.js';
import { computeNitDv, isValidNitDv } from '../../identity/index.js';
import type { XmlElement } from '../../xml/parse.js';
import { docIndex } from '../document-index.js';
import type { AddressView } from '../document-index.js';
import { children } from '../../xml/query.js';
import { at, cached, child, first, missing, text, rootChild, each, NONE } from '../helpers.js';
import type { DocumentKind, Finding, RuleContext, RuleDefinition } from '../types.js';
import { inForce, legacy } from './header.js';

type Ids = Partial<Record<DocumentKind, string>>;

// --- Shared reads -----------------------------------------------------------------------------

/** `cac:AccountingSupplierParty/cac:Party`. */
export function supplierParty(ctx: RuleContext): XmlElement | undefined {
  return docIndex(ctx).supplierParty;
}

/** `cac:AccountingCustomerParty/cac:Party`. */
export function customerParty(ctx: RuleContext): XmlElement | undefined {
  return docIndex(ctx).customerParty;
}

const DIGITS = /^\d+$/;
const LEGACY_TAX_LEVEL = /^(?:[OR]-\d{2}(?:-P[NJ])?|ZZ)$/;
const DIACRITICS = /[\u0300-\u036f]/g;
const NOT_LETTERS = /[^A-Z0-9]/g;

/** Upper-case, accent-free, letters and digits only: "Bogotá, D.c. " → "BOGOTADC". */
export function normalizeName(s: string): string {
  // Pure and called on the same few municipality names over and over: memoized (bounded).
  let v = normalizedNames.get(s);
  if (v === undefined) {
    v = s.normalize('NFD').replace(DIACRITICS, '').toUpperCase().replace(NOT_LETTERS, '');
    if (normalizedNames.size >= 4096) normalizedNames.clear();
    normalizedNames.set(s, v);
  }
  return v;
}
const normalizedNames = new Map<string, string>();

/** Non-empty text of the first element reached by `path` under `el`, or undefined. */
function value(el: XmlElement | undefined, path: string): string | undefined {
  const t = text(el, path);
  return t === '' ? undefined : t;
}

/** Finding for an attribute of an element. */
export function atAttr(el: XmlElement | undefined, ctx: RuleContext, name: string, detail: string, expected?: string, actual?: string): Finding {
  const f: Finding = { path: `${at(el, ctx).path}/@${name}`, detail };
  if (expected !== undefined) f.expected = expected;
  if (actual !== undefined) f.actual = actual;
  return f;
}

/**
 * A presence rule: when `parentOf` yields an element (its own absence is another rule's
 * business), `path` under it must exist and not be empty.
 */
export function need(ids: Ids, description: string, parentOf: (ctx: RuleContext) => XmlElement | undefined, path: string, detail: string, extra: Partial<RuleDefinition> = {}): RuleDefinition {
  // A one-step path is the first child of that name (`first` would walk the same children).
  const single = !path.includes('/');
  return {
    ids,
    description,
    ...extra,
    check(ctx) {
      const parent = parentOf(ctx);
      if (!parent) return NONE;
      const el = single ? child(parent, path) : first(parent, path);
      if (el && (el.text.trim() !== '' || el.children.length > 0)) return NONE;
      return [el ? at(el, ctx, detail) : missing(parent, ctx, path, detail)];
    },
  };
}

/** True when every ';'-separated code of a TaxLevelCode is in table 13.2.6.1 (memoized: the same few values recur). */
function validTaxLevels(raw: string): boolean {
  let ok = validTaxLevelCache.get(raw);
  if (ok === undefined) {
    ok = raw.split(';').every((s) => {
      const code = s.trim();
      return code !== '' && codeListHas('taxResponsibilities', code);
    });
    if (validTaxLevelCache.size >= 4096) validTaxLevelCache.clear();
    validTaxLevelCache.set(raw, ok);
  }
  return ok;
}
const validTaxLevelCache = new Map<string, boolean>();

/** TaxLevelCode values (';'-separated) checked against table 13.2.6.1, 2019 codes notified. */
export function taxLevelFindings(el: XmlElement | undefined, ctx: RuleContext): Finding[] {
  const raw = text(el);
  if (!el || !raw || validTaxLevels(raw)) return NONE;
  const out: Finding[] = [];
  for (const code of raw.split(';').map((s) => s.trim())) {
    if (code !== '' && codeListHas('taxResponsibilities', code)) continue;
    if (LEGACY_TAX_LEVEL.test(code)) out.push(legacy(at(el, ctx, `"${code}" no figura en la tabla 13.2.6.1 del Anexo 1.9 (código de la lista de 2019)`, undefined, code)));
    else out.push(at(el, ctx, `"${code}" no figura en la tabla 13.2.6.1 (O-13, O-15, O-23, O-47, R-99-PN)`, undefined, code));
  }
  return out;
}

/** DV finding for an identifier element with @schemeName 31 (undefined DV counts as wrong). */
export function dvFinding(el: XmlElement | undefined, ctx: RuleContext): Finding[] {
  const nit = text(el);
  if (!el || !nit || el.attrs.schemeName !== '31' || !DIGITS.test(nit) || nit.length > 15) return NONE;
  const dv = el.attrs.schemeID ?? '';
  if (isValidNitDv(nit, dv)) return NONE;
  const expected = computeNitDv(nit);
  return [atAttr(el, ctx, 'schemeID', `NIT ${nit}: DV informado "${dv}", calculado "${expected}"`, expected, dv)];
}

/** Identifier type (@schemeName) in table 13.2.1. */
export function idTypeFindings(el: XmlElement | undefined, ctx: RuleContext): Finding[] {
  if (!el) return NONE;
  const v = el.attrs.schemeName;
  if (v !== undefined && codeListHas('identificationTypes', v)) return NONE;
  return [atAttr(el, ctx, 'schemeName', `tipo de documento informado: "${v ?? ''}"`, undefined, v)];
}

/** Which address checks a rule family runs, by DIAN ID per document kind. */
export interface AddressRuleIds {
  /** Full set of elements (ID, CityName, CountrySubentity, CountrySubentityCode, AddressLine/Line, Country/IdentificationCode). */
  complete?: Ids;
  /** Municipality code (cbc:ID) in table 13.4.3 when the country is CO. */
  municipality?: Ids;
  /** City name matches the municipality's name (CO). */
  cityName?: Ids;
  /** Department code in table 13.4.2 (CO). */
  department?: Ids;
  /** cac:Country group present. */
  countryGroup?: Ids;
  /** Country code must be CO. */
  countryColombia?: Ids;
  /** Country code in table 13.4.1. */
  countryList?: Ids;
  /** Municipality belongs to the department and city name matches (name/code pair). */
  pair?: Ids;
  /** Postal code in table 13.4.4 (CO). */
  postalCode?: Ids;
}

const COMPLETE_PATHS = ['cbc:ID', 'cbc:CityName', 'cbc:CountrySubentity', 'cbc:CountrySubentityCode', 'cac:AddressLine/cbc:Line', 'cac:Country/cbc:IdentificationCode'];

/** Number of address rule families created (a distinct run-cache key for each). */
let addressFamilies = 0;

/**
 * The address rules of one address element (issuer physical/fiscal address, acquirer fiscal
 * address, delivery address, carrier addresses). Every check runs only when the address is present.
 * `addressOf` is evaluated once per run for the whole family.
 */
export function addressRules(
  where: string,
  addressOf: (ctx: RuleContext) => XmlElement | readonly XmlElement[] | undefined,
  ids: AddressRuleIds,
  severity: Partial<Record<keyof AddressRuleIds, 'notification'>> = {},
  messages: Partial<Record<keyof AddressRuleIds, string>> = {},
): RuleDefinition[] {
  const rules: RuleDefinition[] = [];
  const cacheKey = `p:address:${addressFamilies++}`;
  const views = (ctx: RuleContext): readonly AddressView[] =>
    cached(ctx, cacheKey, () => {
      const a = addressOf(ctx);
      if (a === undefined) return [];
      const ix = docIndex(ctx);
      return 'qname' in a ? [ix.address(a)] : a.map((one) => ix.address(one));
    });
  const add = (key: keyof AddressRuleIds, description: string, check: (a: AddressView, ctx: RuleContext) => Finding[], message?: string) => {
    const ruleIds = ids[key];
    if (!ruleIds) return;
    const def: RuleDefinition = {
      ids: ruleIds,
      description: `${where}: ${description}`,
      check: (ctx) => each(views(ctx), ctx, check),
      ...(severity[key] && { severity: severity[key] }),
      ...((messages[key] ?? message) !== undefined && { message: messages[key] ?? message }),
    };
    rules.push(def);
  };
  add('complete', 'a Colombian address must give ID, CityName, CountrySubentity, CountrySubentityCode, AddressLine/Line and Country/IdentificationCode.', (a, ctx) => {
    if (a.country !== 'CO') return NONE;
    const absent = COMPLETE_PATHS.filter((p) => value(a.el, p) === undefined);
    return absent.length === 0 ? NONE : [at(a.el, ctx, `faltan: ${absent.join(', ')}`)];
  });
  add('municipality', 'the municipality code (cbc:ID) must be a DANE code of table 13.4.3 when the country is CO.', (a, ctx) => {
    const el = a.idEl;
    const v = text(el);
    if (a.country !== 'CO' || v === undefined || municipality(v)) return NONE;
    return [at(el, ctx, `código de municipio "${v}"`, undefined, v)];
  });
  add('cityName', 'CityName should be the name of the municipality given in cbc:ID (accents, case and punctuation ignored).', (a, ctx) => {
    const code = a.id;
    const el = a.cityNameEl;
    const m = code === undefined ? undefined : municipality(code);
    if (a.country !== 'CO' || !m || !el || normalizeName(el.text) === normalizeName(m.name)) return NONE;
    return [at(el, ctx, `"${el.text.trim()}" no corresponde al municipio ${code} (${m.name})`, m.name, el.text.trim())];
  });
  add('department', 'CountrySubentityCode must be a department code of table 13.4.2 when the country is CO.', (a, ctx) => {
    const el = a.countrySubentityCodeEl;
    const v = text(el);
    if (a.country !== 'CO' || v === undefined || department(v)) return NONE;
    return [at(el, ctx, `código de departamento "${v}"`, undefined, v)];
  });
  add('countryGroup', 'the cac:Country group must be present.', (a, ctx) => (a.countryEl ? NONE : [missing(a.el, ctx, 'cac:Country')]));
  add('countryColombia', 'the country must be CO.', (a, ctx) => {
    const el = a.countryCodeEl;
    const v = text(el);
    if (!a.countryEl || v === 'CO') return NONE;
    return [el ? at(el, ctx, `país informado: "${v}"`, 'CO', v) : missing(a.countryEl, ctx, 'cbc:IdentificationCode', 'se espera "CO"')];
  });
  add('countryList', 'the country code must be an ISO 3166-1 code of table 13.4.1.', (a, ctx) => {
    const el = a.countryCodeEl;
    const v = text(el);
    if (!el || (v !== undefined && codeListHas('countries', v))) return NONE;
    return [at(el, ctx, `país informado: "${v}"`, undefined, v)];
  });
  add('pair', 'municipality, its department code and the city name must agree (table 13.4.3).', (a, ctx) => {
    const code = a.id;
    const m = code === undefined ? undefined : municipality(code);
    if (a.country !== 'CO' || !m) return NONE;
    const out: Finding[] = [];
    const dep = a.countrySubentityCodeEl;
    if (dep && dep.text.trim() !== m.departmentCode) out.push(at(dep, ctx, `el municipio ${code} pertenece al departamento ${m.departmentCode}, no a "${dep.text.trim()}"`, m.departmentCode, dep.text.trim()));
    const city = a.cityNameEl;
    if (city && normalizeName(city.text) !== normalizeName(m.name)) out.push(at(city, ctx, `"${city.text.trim()}" no corresponde al municipio ${code} (${m.name})`, m.name, city.text.trim()));
    return out;
  });
  add(
    'postalCode',
    'PostalZone should be a postal code of table 13.4.4 when the country is CO.',
    (a, ctx) => {
      const el = a.postalZoneEl;
      const v = text(el);
      if (a.country !== 'CO' || !v || codeListHas('postalCodes', v)) return NONE;
      return [at(el, ctx, `código postal "${v}"`, undefined, v)];
    },
    'El código postal informado no corresponde a un valor válido de la lista',
  );
  return rules;
}

// --- Accessors ----------------------------------------------------------------------------------

const supplierRoot = (ctx: RuleContext) => rootChild(ctx, 'cac:AccountingSupplierParty');
const customerRoot = (ctx: RuleContext) => rootChild(ctx, 'cac:AccountingCustomerParty');
const supplierTax = (ctx: RuleContext) => child(supplierParty(ctx), 'cac:PartyTaxScheme');
const customerTax = (ctx: RuleContext) => child(customerParty(ctx), 'cac:PartyTaxScheme');
const supplierLegal = (ctx: RuleContext) => child(supplierParty(ctx), 'cac:PartyLegalEntity');
const customerLegal = (ctx: RuleContext) => child(customerParty(ctx), 'cac:PartyLegalEntity');
const shareholders = (ctx: RuleContext) => children(supplierLegal(ctx), 'cac:ShareholderParty');

/** Second-NIT DV (engine "Sender2"/"Receiver2"): PartyLegalEntity/CompanyID when it differs from PartyTaxScheme/CompanyID. */
function secondNitDv(ctx: RuleContext, party: XmlElement | undefined): Finding[] {
  const main = text(child(party, 'cac:PartyTaxScheme'), 'cbc:CompanyID');
  const second = first(party, 'cac:PartyLegalEntity/cbc:CompanyID');
  if (!second || text(second) === main) return NONE;
  return dvFinding(second, ctx);
}

// --- Rules ----------------------------------------------------------------------------------------

/** DIAN rules of this group (see docs/rules.md). */
export const partiesRules: RuleDefinition[] = [
  // Issuer (AccountingSupplierParty)
  {
    ids: { invoice: 'FAJ01' },
    description: 'cac:AccountingSupplierParty must be present.',
    check: (ctx) => (supplierRoot(ctx) ? NONE : [missing(ctx.root, ctx, 'cac:AccountingSupplierParty')]),
  },
  need({ invoice: 'FAJ02a' }, 'Issuer AdditionalAccountID (organization type) must be present.', supplierRoot, 'cbc:AdditionalAccountID', 'tipo de organización no informado'),
  {
    ids: { invoice: 'FAJ02b' },
    description: 'Issuer AdditionalAccountID must be 1 (persona jurídica) or 2 (persona natural), table 13.2.3.',
    check(ctx) {
      const el = child(supplierRoot(ctx), 'cbc:AdditionalAccountID');
      const v = text(el);
      if (!el || !v || codeListHas('organizationTypes', v)) return NONE;
      return [at(el, ctx, `valor informado: "${v}"`, '1|2', v)];
    },
  },
  need({ invoice: 'FAJ03', 'credit-note': 'CAJ03', 'debit-note': 'DAJ03' }, 'Issuer cac:Party must be present.', supplierRoot, 'cac:Party', 'grupo Party del emisor no informado'),
  need({ invoice: 'FAJ04' }, 'Issuer PartyTaxScheme/TaxLevelCode (fiscal responsibilities) must be informed (its values are FAJ26).', supplierTax, 'cbc:TaxLevelCode', 'responsabilidades fiscales no informadas'),
  ...addressRules('Issuer PhysicalLocation/Address', (ctx) => first(supplierParty(ctx), 'cac:PhysicalLocation/cac:Address'), {
    complete: { invoice: 'FAJ08' },
    municipality: { invoice: 'FAJ09' },
    cityName: { invoice: 'FAJ10' },
    department: { invoice: 'FAJ12' },
    countryGroup: { invoice: 'FAJ15' },
    countryColombia: { invoice: 'FAJ16' },
    postalCode: { invoice: 'FAJ73' },
  }, { postalCode: 'notification' }),
  need({ invoice: 'FAJ19' }, 'Issuer cac:PartyTaxScheme must be present.', supplierParty, 'cac:PartyTaxScheme', 'grupo PartyTaxScheme no informado'),
  need({ invoice: 'FAJ20' }, 'Issuer PartyTaxScheme/RegistrationName must be present.', supplierTax, 'cbc:RegistrationName', 'razón social no informada'),
  need({ invoice: 'FAJ21', 'credit-note': 'CAJ21', 'debit-note': 'DAJ21' }, 'Issuer PartyTaxScheme/CompanyID (NIT) must not be empty (DIAN\'s pre-check; whether the NIT is an enabled invoicer needs DIAN).', supplierTax, 'cbc:CompanyID', 'NIT del emisor vacío', { message: 'El NIT del Emisor no puede estar vacío.' }),
  {
    ids: { invoice: 'FAJ24a' },
    description: 'When the issuer CompanyID@schemeName is 31 (NIT), its DV must be given in @schemeID.',
    check(ctx) {
      const el = child(supplierTax(ctx), 'cbc:CompanyID');
      if (!el || el.attrs.schemeName !== '31' || (el.attrs.schemeID ?? '') !== '') return NONE;
      return [atAttr(el, ctx, 'schemeID', 'DV no informado')];
    },
  },
  {
    ids: { invoice: 'FAJ24', 'credit-note': 'CAJ24', 'debit-note': 'DAJ24' },
    description: 'The DV of the issuer NIT (PartyTaxScheme/CompanyID with @schemeName 31) must be correct (DIAN mod-11).',
    check(ctx) {
      const el = child(supplierTax(ctx), 'cbc:CompanyID');
      if (ctx.kind === 'invoice' && el && (el.attrs.schemeID ?? '') === '') return NONE; // FAJ24a
      return dvFinding(el, ctx);
    },
  },
  {
    ids: { invoice: 'FAJ25' },
    description: 'Issuer CompanyID@schemeName must be an identification type of table 13.2.1.',
    check: (ctx) => idTypeFindings(child(supplierTax(ctx), 'cbc:CompanyID'), ctx),
  },
  {
    ids: { invoice: 'FAJ26' },
    description: 'Issuer TaxLevelCode values must be in table 13.2.6.1 (2019-list codes are notified).',
    check: (ctx) => taxLevelFindings(child(supplierTax(ctx), 'cbc:TaxLevelCode'), ctx),
  },
  ...addressRules('Issuer RegistrationAddress', (ctx) => child(supplierTax(ctx), 'cac:RegistrationAddress'), {
    complete: { invoice: 'FAJ28' },
    municipality: { invoice: 'FAJ29' },
    department: { invoice: 'FAJ32' },
    countryGroup: { invoice: 'FAJ35' },
    countryColombia: { invoice: 'FAJ36' },
    pair: { invoice: 'FAJ41' },
  }),
  need({ invoice: 'FAJ39' }, 'Issuer PartyTaxScheme/TaxScheme must be present.', supplierTax, 'cac:TaxScheme', 'grupo TaxScheme no informado'),
  need({ invoice: 'FAJ42' }, 'Issuer cac:PartyLegalEntity must be present.', supplierParty, 'cac:PartyLegalEntity', 'grupo PartyLegalEntity no informado'),
  need({ invoice: 'FAJ43a', 'credit-note': 'CAJ43' }, 'Issuer PartyLegalEntity/RegistrationName must be present.', supplierLegal, 'cbc:RegistrationName', 'nombre no informado'),
  {
    ids: { invoice: 'FAJ47', 'credit-note': 'CAJ47', 'debit-note': 'DAJ47' },
    description: 'DV of a second issuer NIT: PartyLegalEntity/CompanyID, when it differs from PartyTaxScheme/CompanyID and is a NIT (engine "Sender2").',
    check: (ctx) => secondNitDv(ctx, supplierParty(ctx)),
  },
  {
    ids: { invoice: 'FAJ48' },
    description: 'Issuer PartyLegalEntity/CompanyID@schemeName must be in table 13.2.1, and 31 (NIT) for a persona jurídica (AdditionalAccountID 1).',
    message: 'El contenido de este atributo no corresponde a 31',
    check(ctx) {
      const el = first(supplierLegal(ctx), 'cbc:CompanyID');
      if (!el) return NONE;
      const list = idTypeFindings(el, ctx);
      if (list.length > 0) return list;
      if (text(child(supplierRoot(ctx), 'cbc:AdditionalAccountID')) === '1' && el.attrs.schemeName !== '31') {
        return [atAttr(el, ctx, 'schemeName', `persona jurídica con tipo de documento "${el.attrs.schemeName}"`, '31', el.attrs.schemeName)];
      }
      return NONE;
    },
  },
  need({ invoice: 'FAJ49' }, 'Issuer PartyLegalEntity/CorporateRegistrationScheme (billing point) must be present.', supplierLegal, 'cac:CorporateRegistrationScheme', 'grupo CorporateRegistrationScheme no informado'),
  need({ 'credit-note': 'CAJ49', 'debit-note': 'DAJ49' }, 'Issuer PartyLegalEntity/CorporateRegistrationScheme (billing point) must be present (notes).', supplierLegal, 'cac:CorporateRegistrationScheme', 'grupo CorporateRegistrationScheme no informado', {
    message: 'No se encuentra el grupo CorporateRegistrationScheme (punto de facturación) del emisor',
  }),
  {
    ids: { invoice: 'FAJ50', 'credit-note': 'CAJ50', 'debit-note': 'DAJ50' },
    description: 'Billing-point prefix (CorporateRegistrationScheme/cbc:ID) must have 1 to 4 letters or digits (its equality with sts:Prefix is FAB10a).',
    message: 'El prefijo del punto de facturación (CorporateRegistrationScheme/cbc:ID) debe tener entre 1 y 4 caracteres alfanuméricos',
    check(ctx) {
      const el = first(supplierLegal(ctx), 'cac:CorporateRegistrationScheme/cbc:ID');
      const v = text(el);
      if (!el || v === undefined || /^[A-Za-z0-9]{1,4}$/.test(v)) return NONE;
      return [at(el, ctx, `prefijo informado: "${v}"`, undefined, v)];
    },
  },
  {
    ids: { invoice: 'FAJ53' },
    description: 'Each consortium participant (ShareholderParty) must give PartecipationPercent.',
    check: (ctx) => each(shareholders(ctx), ctx, (sh) => (value(sh, 'cbc:PartecipationPercent') ? NONE : [missing(sh, ctx, 'cbc:PartecipationPercent', 'porcentaje de participación no informado')])),
  },
  {
    ids: { invoice: 'FAJ54' },
    description: 'Each ShareholderParty must contain cac:Party.',
    check: (ctx) => each(shareholders(ctx), ctx, (sh) => (child(sh, 'cac:Party') ? NONE : [missing(sh, ctx, 'cac:Party')])),
  },
  {
    ids: { invoice: 'FAJ55' },
    description: 'Each consortium participant Party must contain cac:PartyTaxScheme.',
    check: (ctx) => each(shareholders(ctx), ctx, (sh) => {
      const p = child(sh, 'cac:Party');
      return !p || child(p, 'cac:PartyTaxScheme') ? NONE : [missing(p, ctx, 'cac:PartyTaxScheme')];
    }),
  },
  {
    ids: { invoice: 'FAJ60' },
    description: 'A consortium participant identified by NIT (@schemeName 31) must give its DV in @schemeID.',
    check: (ctx) => each(shareholders(ctx), ctx, (sh) => {
      const el = first(sh, 'cac:Party/cac:PartyTaxScheme/cbc:CompanyID');
      return el && el.attrs.schemeName === '31' && (el.attrs.schemeID ?? '') === '' ? [atAttr(el, ctx, 'schemeID', 'DV no informado')] : NONE;
    }),
  },
  {
    ids: { invoice: 'FAJ61' },
    description: 'A consortium participant CompanyID@schemeName must be 31 (NIT).',
    check: (ctx) => each(shareholders(ctx), ctx, (sh) => {
      const el = first(sh, 'cac:Party/cac:PartyTaxScheme/cbc:CompanyID');
      return el && el.attrs.schemeName !== '31' ? [atAttr(el, ctx, 'schemeName', `informado: "${el.attrs.schemeName ?? ''}"`, '31', el.attrs.schemeName)] : NONE;
    }),
  },
  {
    ids: { invoice: 'FAJ62' },
    description: 'Consortium participant TaxLevelCode values should be in table 13.2.6.1.',
    check: (ctx) => each(shareholders(ctx), ctx, (sh) => taxLevelFindings(first(sh, 'cac:Party/cac:PartyTaxScheme/cbc:TaxLevelCode'), ctx)),
  },
  {
    ids: { invoice: 'FAJ71' },
    description: 'The issuer should inform its reception e-mail (Contact/ElectronicMail); whether it is the one registered at DIAN needs DIAN.',
    check(ctx) {
      const p = supplierParty(ctx);
      if (!p || value(p, 'cac:Contact/cbc:ElectronicMail')) return NONE;
      return [missing(child(p, 'cac:Contact') ?? p, ctx, child(p, 'cac:Contact') ? 'cbc:ElectronicMail' : 'cac:Contact/cbc:ElectronicMail', 'correo electrónico no informado')];
    },
  },

  // Acquirer (AccountingCustomerParty)
  {
    ids: { invoice: 'FAK01' },
    description: 'cac:AccountingCustomerParty must be present.',
    check: (ctx) => (customerRoot(ctx) ? NONE : [missing(ctx.root, ctx, 'cac:AccountingCustomerParty')]),
  },
  need({ invoice: 'FAK02', 'credit-note': 'CAK02', 'debit-note': 'DAK02' }, 'Acquirer AdditionalAccountID (organization type) must be present.', customerRoot, 'cbc:AdditionalAccountID', 'tipo de organización no informado'),
  need({ invoice: 'FAK03', 'credit-note': 'CAK03', 'debit-note': 'DAK03' }, 'Acquirer cac:Party must be present.', customerRoot, 'cac:Party', 'grupo Party del adquiriente no informado'),
  {
    ids: { invoice: 'FAK19' },
    description: 'The acquirer should carry cac:PartyTaxScheme.',
    check: (ctx) => {
      const p = customerParty(ctx);
      return !p || child(p, 'cac:PartyTaxScheme') ? NONE : [missing(p, ctx, 'cac:PartyTaxScheme')];
    },
  },
  need({ invoice: 'FAK20' }, 'Acquirer PartyTaxScheme/RegistrationName must be present.', customerTax, 'cbc:RegistrationName', 'nombre o razón social no informado'),
  need({ invoice: 'FAK21' }, 'Acquirer PartyTaxScheme/CompanyID must be present.', customerTax, 'cbc:CompanyID', 'identificación del adquiriente no informada'),
  {
    ids: { invoice: 'FAK24', 'credit-note': 'CAK24', 'debit-note': 'DAK24' },
    description: 'The DV of the acquirer NIT (PartyTaxScheme/CompanyID with @schemeName 31) must be given and correct.',
    check: (ctx) => dvFinding(child(customerTax(ctx), 'cbc:CompanyID'), ctx),
  },
  {
    ids: { invoice: 'FAK26' },
    description: 'Acquirer TaxLevelCode values must be in table 13.2.6.1 (2019-list codes are notified).',
    check: (ctx) => taxLevelFindings(child(customerTax(ctx), 'cbc:TaxLevelCode'), ctx),
  },
  ...addressRules('Acquirer RegistrationAddress', (ctx) => child(customerTax(ctx), 'cac:RegistrationAddress'), {
    municipality: { invoice: 'FAK29' },
    cityName: { invoice: 'FAK30' },
    department: { invoice: 'FAK32' },
    countryList: { invoice: 'FAK36' },
  }, { cityName: 'notification' }, { cityName: 'El nombre del municipio no corresponde al código informado según la lista' }),
  need({ invoice: 'FAK43' }, 'Acquirer PartyLegalEntity/RegistrationName must be present when the group is given.', customerLegal, 'cbc:RegistrationName', 'nombre no informado'),
  need({ invoice: 'FAK44' }, 'Acquirer PartyLegalEntity/CompanyID must be present when the group is given.', customerLegal, 'cbc:CompanyID', 'identificación no informada'),
  {
    ids: { invoice: 'FAK47', 'credit-note': 'CAK47', 'debit-note': 'DAK47' },
    description: 'DV of a second acquirer NIT: PartyLegalEntity/CompanyID, when it differs from PartyTaxScheme/CompanyID and is a NIT (engine "Receiver2").',
    check: (ctx) => secondNitDv(ctx, customerParty(ctx)),
  },
  {
    ids: { invoice: 'FAK48' },
    description: 'Acquirer PartyLegalEntity/CompanyID@schemeName must be an identification type of table 13.2.1.',
    check: (ctx) => idTypeFindings(first(customerLegal(ctx), 'cbc:CompanyID'), ctx),
  },
  {
    ids: { invoice: 'FAK55' },
    description: 'The acquirer should inform a reception e-mail (Contact/ElectronicMail).',
    check(ctx) {
      const p = customerParty(ctx);
      if (!p || value(p, 'cac:Contact/cbc:ElectronicMail')) return NONE;
      return [missing(child(p, 'cac:Contact') ?? p, ctx, child(p, 'cac:Contact') ? 'cbc:ElectronicMail' : 'cac:Contact/cbc:ElectronicMail', 'correo electrónico no informado')];
    },
  },
  {
    ids: { invoice: 'FAK61' },
    description: 'A natural-person acquirer (AdditionalAccountID 2) must carry cac:PartyIdentification (in force from 2020-08-01).',
    check(ctx) {
      const p = customerParty(ctx);
      if (!p || !inForce(ctx, '2020-08-01') || text(child(customerRoot(ctx), 'cbc:AdditionalAccountID')) !== '2') return NONE;
      return child(p, 'cac:PartyIdentification') ? NONE : [missing(p, ctx, 'cac:PartyIdentification', 'adquiriente persona natural sin PartyIdentification')];
    },
  },
  {
    ids: { invoice: 'FAK62' },
    description: 'A natural-person acquirer must give PartyIdentification/cbc:ID (in force from 2020-08-01).',
    check(ctx) {
      const pi = child(customerParty(ctx), 'cac:PartyIdentification');
      if (!pi || !inForce(ctx, '2020-08-01') || text(child(customerRoot(ctx), 'cbc:AdditionalAccountID')) !== '2') return NONE;
      const el = child(pi, 'cbc:ID');
      return value(pi, 'cbc:ID') ? NONE : [el ? at(el, ctx, 'número de identificación vacío') : missing(pi, ctx, 'cbc:ID')];
    },
  },
  {
    ids: { invoice: 'FAK63' },
    description: 'Acquirer PartyIdentification/ID@schemeName must be an identification type of table 13.2.1.',
    check: (ctx) => idTypeFindings(first(customerParty(ctx), 'cac:PartyIdentification/cbc:ID'), ctx),
  },
  {
    ids: { invoice: 'FAK64' },
    description: 'Acquirer PartyIdentification/ID@schemeID must be the correct DV when @schemeName is 31.',
    check: (ctx) => dvFinding(first(customerParty(ctx), 'cac:PartyIdentification/cbc:ID'), ctx),
  },

  // Tax representative
  {
    ids: { invoice: 'FAL07' },
    description: 'TaxRepresentativeParty PartyIdentification/ID identified by NIT (@schemeName 31) should give its DV in @schemeID.',
    check(ctx) {
      const el = first(ctx.root, 'cac:TaxRepresentativeParty/cac:PartyIdentification/cbc:ID');
      return el && el.attrs.schemeName === '31' && (el.attrs.schemeID ?? '') === '' ? [atAttr(el, ctx, 'schemeID', 'DV no informado')] : NONE;
    },
  },
];

/** Party-group rules DIAN defines that are not checked locally, with the reason. */
export const notImplementedParties: Record<string, string> = {
  FAJ24b: 'Same check as FAJ24 (DIAN\'s engine reports a wrong issuer DV under FAJ24).',
  FAJ40: 'Same content checks as FAJ29/FAJ32 on the fiscal address (the Anexo example code); reported there once.',
  FAJ43b: 'Needs the RUT (name registered for the NIT).',
  FAJ44: 'Needs DIAN\'s registry (second issuer NIT enabled).',
  CAJ44: 'Needs DIAN\'s registry (second issuer NIT enabled).',
  DAJ44: 'Needs DIAN\'s registry (second issuer NIT enabled).',
  FAJ44a: 'Needs DIAN\'s registry (NIT enabled to invoice electronically).',
  FAJ44b: 'Needs the RUT (NIT vs registered name).',
  FAJ51: 'Message unknown and the format is unclear: DIAN\'s samples carry 5-digit and free-text matrículas.',
  FAJ57: 'Needs DIAN\'s registry (consortium participant NIT enabled).',
  FAK25: 'Same check as FAK24 (acquirer DV).',
  FAK42: 'PartyLegalEntity is optional for the acquirer since 2020 (spec 01 §4.1) and DIAN\'s Consumidor_Final sample omits it; the table row is UNCONFIRMED.',
  FAK51: 'Contact is optional for the acquirer (spec 01 §4.1) and DIAN\'s Consumidor_Final sample omits it; the table row is UNCONFIRMED. The e-mail itself is FAK55.',
  RUT01: 'Needs the RUT status.',
};
