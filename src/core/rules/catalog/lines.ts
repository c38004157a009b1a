/**
 * DIAN rules of the document lines and what hangs from them: lines (FAV), pricing reference of
 * free lines (FAW/CAW), items (FAZ), mandates (FBA), price (FBB), line allowances and charges
 * (FBE), with their credit/debit twins. The document-level AllowanceCharge (FAQ), prepaid
 * payments (FBD) and the debit-note reference (FBI) are in payment-delivery.ts and references.ts.
 *
 * Line value (FAV06). Worked example (DIAN's `Generica.xml`, COP): 1 unit at 18900.00 with a
 * 33.33 % discount of 6299.94 → 1 × 18900.00 − 6299.94 = 12600.06. DIAN's compiled Schematron
 * computes PriceAmount × BaseQuantity, while `Ejemplificacion_Propina.xml` (quantity 10,
 * BaseQuantity 1, price 100000.00, line 1000000.00) uses quantity × PriceAmount; both readings are
 * accepted (in the other samples quantity and BaseQuantity are equal).
 */
import { identificationType, productStandardScheme, unitOfMeasure } from '../../codelists/index.js';
import { Decimal } from '../../money/decimal.js';
import type { XmlElement } from '../../xml/parse.js';
import { docIndex } from '../document-index.js';
import type { LineView } from '../document-index.js';
import { all, at, cached, child, LINE_NAME, lines, missing, num, QUANTITY_NAME, text, within, each, NONE } from '../helpers.js';
import type { Finding, RuleContext, RuleDefinition, Severity } from '../types.js';

const NOTIFICATION: Severity = 'notification';
const REJECTION: Severity = 'rejection';
const HUNDRED = Decimal.of(100);

/** Operation type (cbc:CustomizationID) of the document. */
function customization(ctx: RuleContext): string | undefined {
  return docIndex(ctx).header.customizationId;
}

/** True for an export invoice (InvoiceTypeCode 02). */
function isExport(ctx: RuleContext): boolean {
  return ctx.kind === 'invoice' && docIndex(ctx).header.invoiceTypeCode === '02';
}

/** Operation type 11: mandates (table 13.1.5.1). */
const MANDATES = '11';
/** Operation type 09: AIU (administración, imprevistos, utilidad). */
const AIU = '09';
/** Table 13.3.13, line cbc:ID@schemeID on mandate invoices: 0 own income, 1 income received for third parties. */
const MANDATE_LINE_SCHEMES: ReadonlySet<string> = new Set(['0', '1']);
const AIU_NOTE_PREFIX = 'contrato de servicios aiu por concepto de:';
const UNSPSC = /^\d{8}$/;
const TARIFF_HEADING = /^\d{10}$/;
const GTIN = /^(\d{8}|\d{12}|\d{13}|\d{14})$/;

/** The document's lines with the values the line rules share (from the run's index). */
function lineViews(ctx: RuleContext): readonly LineView[] {
  return docIndex(ctx).lines;
}

/** Findings for a required, non-empty child element. */
function requireText(ctx: RuleContext, parent: XmlElement, qname: string, detail: string): Finding[] {
  const el = child(parent, qname);
  if (el && el.text.trim() !== '') return NONE;
  return el ? [at(el, ctx, detail)] : [missing(parent, ctx, qname, detail)];
}

function attrFinding(el: XmlElement, ctx: RuleContext, name: string, detail: string, expected?: string, actual?: string): Finding {
  const f: Finding = { path: `${at(el, ctx).path}/@${name}`, detail };
  if (expected !== undefined) f.expected = expected;
  if (actual !== undefined) f.actual = actual;
  return f;
}

/** GTIN-8/12/13/14 check digit (GS1 mod 10). */
function validGtin(code: string): boolean {
  let sum = 0;
  for (let i = code.length - 2, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += (code.charCodeAt(i) - 48) * w;
  return (10 - (sum % 10)) % 10 === code.charCodeAt(code.length - 1) - 48;
}

/** The item's StandardItemIdentification/cbc:ID elements. */
function standardIds(ctx: RuleContext): { line: LineView; id: XmlElement }[] {
  return cached(ctx, 'lines:standardIds', () => {
    const out: { line: LineView; id: XmlElement }[] = [];
    for (const line of lineViews(ctx)) for (const id of line.standardIds) out.push({ line, id });
    return out;
  });
}

/** Mandate principal (InformationContentProviderParty) of each line that has one. */
function principals(ctx: RuleContext): { line: LineView; party: XmlElement }[] {
  return cached(ctx, 'lines:principals', () => {
    const out: { line: LineView; party: XmlElement }[] = [];
    for (const line of lineViews(ctx)) if (line.principal) out.push({ line, party: line.principal });
    return out;
  });
}

/** DIAN rules of this group (see docs/rules.md). */
export const linesRules: RuleDefinition[] = [
  // ---- FAV: lines ----
  {
    ids: { invoice: 'FAV01', 'credit-note': 'CAV01', 'debit-note': 'DAV01' },
    description: 'The document must have at least one line.',
    check: (ctx) => (lines(ctx).length > 0 ? NONE : [missing(ctx.root, ctx, LINE_NAME[ctx.kind], 'el documento no tiene líneas')]),
  },
  {
    ids: { invoice: 'FAV02', 'credit-note': 'CAV02', 'debit-note': 'DAV02' },
    description: 'Line numbers (cbc:ID) must be unique and consecutive starting at 1.',
    check(ctx) {
      const out: Finding[] = [];
      const seen = new Set<string>();
      lineViews(ctx).forEach((l, i) => {
        const idEl = l.idEl;
        const id = text(idEl) ?? '';
        if (seen.has(id)) out.push(at(idEl ?? l.el, ctx, `número de línea "${id}" repetido`, String(i + 1), id));
        else if (id !== String(i + 1)) out.push(idEl ? at(idEl, ctx, `línea ${i + 1} numerada "${id}"`, String(i + 1), id) : missing(l.el, ctx, 'cbc:ID', `línea ${i + 1} sin número`));
        seen.add(id);
      });
      return out;
    },
  },
  {
    ids: { invoice: 'FAV03' },
    description: 'AIU invoices (operation type 09): a line Note must start with "Contrato de servicios AIU por concepto de:" (20 to 5000 characters).',
    message: 'En contratos AIU, la nota de la línea debe iniciar con "Contrato de servicios AIU por concepto de:" y tener entre 20 y 5000 caracteres',
    check(ctx) {
      if (customization(ctx) !== AIU) return NONE;
      const views = lineViews(ctx);
      const notes = views.flatMap((l) => all(l.el, 'cbc:Note')).filter((n) => n.text.trim().toLowerCase().startsWith(AIU_NOTE_PREFIX));
      if (notes.length === 0) return views[0] ? [missing(views[0].el, ctx, 'cbc:Note', 'ninguna línea informa el concepto del contrato AIU')] : NONE;
      return notes.filter((n) => n.text.trim().length < 20 || n.text.trim().length > 5000).map((n) => at(n, ctx, `longitud ${n.text.trim().length}`));
    },
  },
  {
    ids: { invoice: 'FAV04a' },
    description: 'Each line must give its quantity as a number.',
    check: (ctx) =>
      lineViews(ctx)
        .filter((l) => l.quantity === undefined)
        .map((l) => (l.quantityEl ? at(l.quantityEl, ctx, `cantidad no numérica: "${text(l.quantityEl)}"`) : missing(l.el, ctx, QUANTITY_NAME[ctx.kind], 'cantidad no informada'))),
  },
  {
    ids: { invoice: 'FAV04b', 'credit-note': 'CAV04b', 'debit-note': 'DAV04b' },
    description: 'Line quantity may not be negative.',
    check: (ctx) => lineViews(ctx).filter((l) => l.quantity?.isNegative()).map((l) => at(l.quantityEl, ctx, `cantidad ${l.quantity!.toString()}`, undefined, l.quantity!.toString())),
  },
  {
    ids: { invoice: 'FAV05', 'credit-note': 'CAV05', 'debit-note': 'DAV05' },
    description: 'Line quantity @unitCode must be a unit of table 13.3.6.',
    // The Anexo's field text makes FAV05 a notification; the note twins' outcome is unconfirmed
    // (one transcription says rechazo), so they follow the invoice.
    severity: NOTIFICATION,
    check(ctx) {
      const out: Finding[] = [];
      for (const l of lineViews(ctx)) {
        if (!l.quantityEl) continue;
        const code = l.quantityEl.attrs.unitCode;
        if (code !== undefined && unitOfMeasure(code)) continue;
        out.push(attrFinding(l.quantityEl, ctx, 'unitCode', code === undefined ? 'atributo unitCode no informado' : `unidad "${code}" no está en la tabla 13.3.6`, undefined, code));
      }
      return out;
    },
  },
  {
    ids: { invoice: 'FAV06', 'credit-note': 'CAV06', 'debit-note': 'DAV06' },
    description:
      'Line LineExtensionAmount = PriceAmount × BaseQuantity (DIAN Schematron) or quantity × PriceAmount (DIAN Propina sample), ' +
      '− line discounts + line charges.',
    check(ctx) {
      const out: Finding[] = [];
      for (const l of lineViews(ctx)) {
        if (l.price === undefined) continue; // FBB02
        let net = Decimal.ZERO;
        for (const a of l.allowances) {
          if (a.amount === undefined || a.isCharge === undefined) continue;
          net = a.isCharge ? net.add(a.amount) : net.sub(a.amount);
        }
        const accepted: Decimal[] = [];
        if (l.baseQuantity !== undefined) accepted.push(l.price.mul(l.baseQuantity).add(net));
        if (l.quantity !== undefined) accepted.push(l.quantity.mul(l.price).add(net));
        if (accepted.length === 0) continue;
        const expected = accepted[0]!;
        if (l.extension === undefined) {
          out.push(l.extensionEl ? at(l.extensionEl, ctx, `valor no numérico: "${text(l.extensionEl)}"`) : missing(l.el, ctx, 'cbc:LineExtensionAmount', `no informado; esperado ${expected.toFixed(2)}`));
          continue;
        }
        if (accepted.some((a) => within(ctx, a, l.extension!))) continue;
        const q = l.baseQuantity ?? l.quantity!;
        out.push(
          at(
            l.extensionEl,
            ctx,
            `${q.toString()} × ${l.price.toString()}${net.isZero() ? '' : ` ${net.isNegative() ? '−' : '+'} ${net.abs().toFixed(2)}`}: esperado ${expected.toFixed(2)}, informado ${l.extension.toString()}`,
            expected.toFixed(2),
            l.extension.toString(),
          ),
        );
      }
      return out;
    },
  },
  {
    ids: { invoice: 'FAV08a' },
    description: 'Mandate invoices (operation type 11): each line cbc:ID must carry @schemeID.',
    check: (ctx) =>
      customization(ctx) !== MANDATES
        ? []
        : each(lineViews(ctx), ctx, (l) => {
            const idEl = l.idEl;
            return idEl && (idEl.attrs.schemeID ?? '').trim() === '' ? [attrFinding(idEl, ctx, 'schemeID', 'atributo schemeID vacío o no informado')] : NONE;
          }),
  },
  {
    ids: { invoice: 'FAV08b' },
    description: 'Mandate invoices (operation type 11): line cbc:ID@schemeID must be a value of table 13.3.13 (0 own income, 1 third-party income).',
    check: (ctx) =>
      customization(ctx) !== MANDATES
        ? []
        : each(lineViews(ctx), ctx, (l) => {
            const idEl = l.idEl;
            const v = idEl?.attrs.schemeID?.trim();
            return idEl && v && !MANDATE_LINE_SCHEMES.has(v) ? [attrFinding(idEl, ctx, 'schemeID', `valor "${v}"; valores de la tabla 13.3.13: 0, 1`, undefined, v)] : NONE;
          }),
  },

  // ---- FAW/CAW: pricing reference (free lines) ----
  {
    ids: { 'credit-note': 'CAW01' },
    description: 'A line with LineExtensionAmount 0 (free of charge) must carry PricingReference with the commercial value.',
    check: (ctx) =>
      lineViews(ctx)
        .filter((l) => l.extension?.isZero() && !l.pricingReferenceEl)
        .map((l) => missing(l.el, ctx, 'cac:PricingReference', 'línea con valor 0.00 sin precio de referencia')),
  },
  {
    ids: { 'credit-note': 'CAW02' },
    description: 'PricingReference must contain AlternativeConditionPrice.',
    check: (ctx) =>
      each(lineViews(ctx), ctx, (l) => {
        const pr = l.pricingReferenceEl;
        return pr && !child(pr, 'cac:AlternativeConditionPrice') ? [missing(pr, ctx, 'cac:AlternativeConditionPrice', 'grupo no informado')] : NONE;
      }),
  },
  {
    ids: { invoice: 'FAW03' },
    description: 'When PricingReference is given, AlternativeConditionPrice/PriceAmount (reference price) must be present and not zero.',
    check: (ctx) =>
      each(lineViews(ctx), ctx, (l) => {
        const pr = l.pricingReferenceEl;
        if (!pr) return NONE;
        const el = child(child(pr, 'cac:AlternativeConditionPrice'), 'cbc:PriceAmount');
        const v = num(el);
        if (v && !v.isZero()) return NONE;
        return [el ? at(el, ctx, `precio de referencia "${text(el)}"`) : missing(pr, ctx, 'cac:AlternativeConditionPrice/cbc:PriceAmount', 'precio de referencia no informado')];
      }),
  },

  // ---- FAZ: item ----
  {
    ids: { invoice: 'FAZ01' },
    description: 'Each line must have an Item group.',
    check: (ctx) => lineViews(ctx).filter((l) => !l.item).map((l) => missing(l.el, ctx, 'cac:Item', 'grupo cac:Item no informado')),
  },
  {
    ids: { invoice: 'FAZ02', 'credit-note': 'CAZ02', 'debit-note': 'DAZ02' },
    description: 'Item/Description must be present and not empty.',
    check: (ctx) => each(lineViews(ctx), ctx, (l) => (l.item ? requireText(ctx, l.item, 'cbc:Description', 'descripción del artículo no informada') : [])),
  },
  {
    ids: { invoice: 'FAZ04' },
    description: 'Export invoices (type 02): Item/BrandName should be given.',
    check: (ctx) => (isExport(ctx) ? each(lineViews(ctx), ctx, (l) => (l.item ? requireText(ctx, l.item, 'cbc:BrandName', 'marca no informada') : [])) : []),
  },
  {
    ids: { invoice: 'FAZ05' },
    description: 'Export invoices (type 02): Item/ModelName should be given.',
    check: (ctx) => (isExport(ctx) ? each(lineViews(ctx), ctx, (l) => (l.item ? requireText(ctx, l.item, 'cbc:ModelName', 'modelo no informado') : [])) : []),
  },
  {
    ids: { invoice: 'FAZ09' },
    description: 'Item should carry a StandardItemIdentification group.',
    check: (ctx) =>
      lineViews(ctx)
        .filter((l) => l.item && !child(l.item, 'cac:StandardItemIdentification'))
        .map((l) => missing(l.item, ctx, 'cac:StandardItemIdentification', 'identificación estándar del artículo no informada')),
  },
  {
    ids: { invoice: 'FAZ10' },
    description: 'StandardItemIdentification/ID@schemeAgencyID must be the agency of the declared standard (001 → 10, 020 → 195; 999 takes none).',
    check(ctx) {
      const out: Finding[] = [];
      for (const { id } of standardIds(ctx)) {
        const scheme = id.attrs.schemeID?.trim();
        const agency = id.attrs.schemeAgencyID?.trim();
        const row = scheme === undefined ? undefined : productStandardScheme(scheme);
        // 010 (GTIN) is FAZ14; an unknown scheme is FAZ11.
        if (!row || scheme === '010' || agency === undefined || agency === '') continue;
        const expected = row.schemeAgencyID;
        if (expected === null) out.push(attrFinding(id, ctx, 'schemeAgencyID', `el estándar ${scheme} no usa schemeAgencyID (informado "${agency}")`, '', agency));
        else if (agency !== expected) out.push(attrFinding(id, ctx, 'schemeAgencyID', `estándar ${scheme} (${row.name}): esperado ${expected}, informado "${agency}"`, expected, agency));
      }
      return out;
    },
  },
  {
    ids: { invoice: 'FAZ11' },
    description: 'StandardItemIdentification/ID@schemeID, when given, must be a value of table 13.3.5 (001, 010, 020, 999).',
    check: (ctx) =>
      each(standardIds(ctx), ctx, ({ id }) => {
        // Only a value given is checked: DIAN's own Consumidor_Final.xml (v1.9, valid signature)
        // has StandardItemIdentification/ID without @schemeID.
        const scheme = id.attrs.schemeID?.trim();
        if (scheme === undefined || productStandardScheme(scheme)) return NONE;
        return [attrFinding(id, ctx, 'schemeID', `valor "${scheme}" no está en la tabla 13.3.5`, undefined, scheme)];
      }),
  },
  {
    ids: { invoice: 'FAZ12' },
    description:
      'StandardItemIdentification: @schemeName should be the name of table 13.3.5 and the code should fit the standard ' +
      '(UNSPSC 8 digits, GTIN 8/12/13/14 digits with a valid check digit, tariff heading 10 digits); 999 is not validated.',
    check(ctx) {
      const out: Finding[] = [];
      for (const { id } of standardIds(ctx)) {
        const scheme = id.attrs.schemeID?.trim();
        const row = scheme === undefined ? undefined : productStandardScheme(scheme);
        if (!row || row.schemeAgencyID === null) continue;
        const name = id.attrs.schemeName?.trim();
        if (name !== undefined && name.toLowerCase() !== row.name.toLowerCase()) {
          out.push(attrFinding(id, ctx, 'schemeName', `estándar ${scheme}: esperado "${row.name}", informado "${name}"`, row.name, name));
        }
        const code = id.text.trim();
        const ok = scheme === '001' ? UNSPSC.test(code) : scheme === '010' ? GTIN.test(code) && validGtin(code) : scheme === '020' ? TARIFF_HEADING.test(code) : true;
        if (!ok) out.push(at(id, ctx, `código "${code}" no cumple el formato del estándar ${row.name}`, undefined, code));
      }
      return out;
    },
  },
  {
    ids: { invoice: 'FAZ14' },
    description: 'When StandardItemIdentification/ID@schemeID is 010 (GTIN), @schemeAgencyID must be 9.',
    check: (ctx) =>
      each(standardIds(ctx), ctx, ({ id }) => {
        if (id.attrs.schemeID?.trim() !== '010') return NONE;
        const agency = id.attrs.schemeAgencyID?.trim();
        return agency === '9' ? NONE : [attrFinding(id, ctx, 'schemeAgencyID', `GTIN: esperado 9, informado "${agency ?? ''}"`, '9', agency)];
      }),
  },

  // ---- FBA: mandates (principal of each line) ----
  {
    ids: { invoice: 'FBA01' },
    description: 'Mandate invoices (operation type 11): each line Item must identify the principal (InformationContentProviderParty).',
    check: (ctx) =>
      customization(ctx) !== MANDATES
        ? []
        : lineViews(ctx)
            .filter((l) => l.item && !child(l.item, 'cac:InformationContentProviderParty'))
            .map((l) => missing(l.item, ctx, 'cac:InformationContentProviderParty', 'mandante no informado')),
  },
  {
    ids: { invoice: 'FBA02' },
    description: 'InformationContentProviderParty must contain PowerOfAttorney.',
    check: (ctx) => each(principals(ctx), ctx, ({ party }) => (child(party, 'cac:PowerOfAttorney') ? NONE : [missing(party, ctx, 'cac:PowerOfAttorney', 'grupo no informado')])),
  },
  {
    ids: { invoice: 'FBA03' },
    description: 'PowerOfAttorney must contain AgentParty.',
    check: (ctx) =>
      each(principals(ctx), ctx, ({ party }) => {
        const poa = child(party, 'cac:PowerOfAttorney');
        return poa && !child(poa, 'cac:AgentParty') ? [missing(poa, ctx, 'cac:AgentParty', 'grupo no informado')] : NONE;
      }),
  },
  {
    ids: { invoice: 'FBA05' },
    description: 'The principal (AgentParty/PartyIdentification/ID) must be identified.',
    check: (ctx) =>
      each(principals(ctx), ctx, ({ party }) => {
        const agent = child(child(party, 'cac:PowerOfAttorney'), 'cac:AgentParty');
        if (!agent) return NONE;
        const pid = child(agent, 'cac:PartyIdentification');
        return pid ? requireText(ctx, pid, 'cbc:ID', 'identificación del mandante no informada') : [missing(agent, ctx, 'cac:PartyIdentification/cbc:ID', 'identificación del mandante no informada')];
      }),
  },
  {
    ids: { invoice: 'FBA07' },
    description: 'When the principal is identified by NIT (@schemeName 31), its check digit must be given in @schemeID.',
    check: (ctx) =>
      each(principals(ctx), ctx, ({ party }) => {
        const id = child(child(child(child(party, 'cac:PowerOfAttorney'), 'cac:AgentParty'), 'cac:PartyIdentification'), 'cbc:ID');
        return id && id.attrs.schemeName?.trim() === '31' && (id.attrs.schemeID ?? '').trim() === '' ? [attrFinding(id, ctx, 'schemeID', 'DV del NIT del mandante no informado')] : NONE;
      }),
  },
  {
    ids: { invoice: 'FBA08' },
    description: 'The principal\'s identification type (@schemeName) must be a value of table 13.2.1.',
    check: (ctx) =>
      each(principals(ctx), ctx, ({ party }) => {
        const id = child(child(child(child(party, 'cac:PowerOfAttorney'), 'cac:AgentParty'), 'cac:PartyIdentification'), 'cbc:ID');
        if (!id) return NONE;
        const type = id.attrs.schemeName?.trim();
        return type !== undefined && identificationType(type) ? NONE : [attrFinding(id, ctx, 'schemeName', type === undefined ? 'atributo schemeName no informado' : `tipo de documento "${type}" no está en la tabla 13.2.1`, undefined, type)];
      }),
  },

  // ---- FBB: price ----
  {
    ids: { invoice: 'FBB01' },
    description: 'Each line must have a Price group.',
    check: (ctx) => lineViews(ctx).filter((l) => !l.priceEl).map((l) => missing(l.el, ctx, 'cac:Price', 'grupo cac:Price no informado')),
  },
  {
    ids: { invoice: 'FBB02', 'credit-note': 'CBB02', 'debit-note': 'DBB02' },
    description: 'Price/PriceAmount must be present and numeric.',
    check: (ctx) =>
      lineViews(ctx)
        .filter((l) => l.priceEl && l.price === undefined)
        .map((l) => (l.priceAmountEl ? at(l.priceAmountEl, ctx, `precio no numérico: "${text(l.priceAmountEl)}"`) : missing(l.priceEl, ctx, 'cbc:PriceAmount', 'precio unitario no informado'))),
  },
  {
    ids: { invoice: 'FBB04', 'credit-note': 'CBB04', 'debit-note': 'DBB04' },
    description: 'Price/BaseQuantity must be present and numeric, with @unitCode (a missing @unitCode is a rejection on notes too).',
    check(ctx) {
      const out: Finding[] = [];
      for (const l of lineViews(ctx)) {
        if (!l.priceEl) continue;
        if (!l.baseQuantityEl) out.push(missing(l.priceEl, ctx, 'cbc:BaseQuantity', 'cantidad base no informada'));
        else if (l.baseQuantity === undefined) out.push(at(l.baseQuantityEl, ctx, `cantidad base no numérica: "${text(l.baseQuantityEl)}"`));
        else if ((l.baseQuantityEl.attrs.unitCode ?? '').trim() === '') out.push({ ...attrFinding(l.baseQuantityEl, ctx, 'unitCode', 'atributo unitCode no informado'), severity: REJECTION });
      }
      return out;
    },
  },
  {
    ids: { invoice: 'FBB05' },
    description: 'Price/BaseQuantity@unitCode should be a unit of table 13.3.6.',
    check: (ctx) =>
      each(lineViews(ctx), ctx, (l) => {
        const code = l.baseQuantityEl?.attrs.unitCode?.trim();
        if (!l.baseQuantityEl || !code || unitOfMeasure(code)) return NONE;
        return [attrFinding(l.baseQuantityEl, ctx, 'unitCode', `unidad "${code}" no está en la tabla 13.3.6`, undefined, code)];
      }),
  },

  // ---- FBE: line allowances and charges ----
  {
    ids: { invoice: 'FBE01' },
    description:
      'A line AllowanceCharge must give ChargeIndicator, MultiplierFactorNumeric, Amount and BaseAmount (a missing ' +
      'MultiplierFactorNumeric or BaseAmount alone is a notification: DIAN\'s Consumidor_Final.xml has a charge without BaseAmount).',
    check(ctx) {
      const out: Finding[] = [];
      for (const l of lineViews(ctx)) {
        for (const a of l.allowances) {
          const absent = (
            [
              ['cbc:ChargeIndicator', a.indicatorEl],
              ['cbc:MultiplierFactorNumeric', a.multiplierEl],
              ['cbc:Amount', a.amountEl],
              ['cbc:BaseAmount', a.baseEl],
            ] as const
          )
            .filter(([, el]) => !el)
            .map(([q]) => q);
          if (absent.length === 0) continue;
          const essential = !a.indicatorEl || !a.amountEl;
          const f = missing(a.el, ctx, absent[0]!, `no informado: ${absent.join(', ')}`);
          out.push(essential ? f : { ...f, severity: NOTIFICATION });
        }
      }
      return out;
    },
  },
  {
    ids: { invoice: 'FBE03' },
    description: 'Line AllowanceCharge/ChargeIndicator must be "true" or "false".',
    check: (ctx) =>
      each(lineViews(ctx), ctx, (l) => l.allowances.filter((a) => a.indicatorEl && a.isCharge === undefined).map((a) => at(a.indicatorEl, ctx, `valor "${text(a.indicatorEl)}"`, 'true|false', text(a.indicatorEl)))),
  },
  {
    ids: { invoice: 'FBE05' },
    description: 'Line AllowanceCharge/MultiplierFactorNumeric may not exceed 100.',
    check: (ctx) =>
      each(lineViews(ctx), ctx, (l) => l.allowances.filter((a) => a.multiplier && a.multiplier.compare(HUNDRED) > 0).map((a) => at(a.multiplierEl, ctx, `porcentaje ${a.multiplier!.toString()}`, '≤ 100', a.multiplier!.toString()))),
  },
  {
    ids: { invoice: 'FBE06' },
    description: 'A line discount may not exceed its base; Amount ≠ BaseAmount × MultiplierFactorNumeric / 100 is reported as a notification.',
    check(ctx) {
      const out: Finding[] = [];
      for (const l of lineViews(ctx)) {
        for (const a of l.allowances) {
          if (a.amount === undefined || a.base === undefined) continue;
          if (a.isCharge === false && a.amount.compare(a.base) > 0) {
            out.push(at(a.amountEl, ctx, `descuento ${a.amount.toString()} mayor que su base ${a.base.toString()}`, a.base.toString(), a.amount.toString()));
            continue;
          }
          if (a.multiplier === undefined) continue;
          const expected = a.base.mul(a.multiplier).shift(-2);
          if (!within(ctx, expected, a.amount)) {
            // A notification only: DIAN's Consumidor_Final.xml (v1.9, valid signature and CUFE) has a
            // 25 % discount of 50000.00 on a 300000.00 base.
            const f = at(a.amountEl, ctx, `${a.base.toString()} × ${a.multiplier.toString()} %: esperado ${expected.toFixed(2)}, informado ${a.amount.toString()}`, expected.toFixed(2), a.amount.toString());
            out.push({ ...f, severity: NOTIFICATION });
          }
        }
      }
      return out;
    },
  },
  {
    ids: { invoice: 'FBE08' },
    description: 'Line AllowanceCharge/BaseAmount must be a positive number.',
    check: (ctx) =>
      each(lineViews(ctx), ctx, (l) =>
        l.allowances
          .filter((a) => a.baseEl && (a.base === undefined || a.base.isNegative() || a.base.isZero()))
          .map((a) => at(a.baseEl, ctx, `base "${text(a.baseEl)}" no válida`, '> 0', text(a.baseEl))),
      ),
  },
];

/** Line-group rules DIAN defines that are not checked here, with the reason. */
export const notImplementedLines: Record<string, string> = {
  CAV03: 'AIU credit notes cannot be told apart locally (notes carry their own operation types 20/22), so the AIU line note cannot be required.',
  FAZ13: 'The source marks the attribute as "Sin Validación" and gives no valid-value rule.',
  FBH04: 'Needs DIAN\'s registry: the referenced credit note\'s CUDE must exist at DIAN.',
};
