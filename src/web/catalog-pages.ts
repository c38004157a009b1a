import type { Context, Hono } from 'hono';
import { html, raw } from 'hono/html';
import { municipality, taxType, unitOfMeasure } from '../core/codelists/index.js';
import { formatCop, formatDecimal, formatNit, parseDecimalInput } from './format.js';
import { atLeast, errorSummary, fieldError, fieldErrors, invalidAttrs, many, notice, one, readForm, withNotice, type FieldErrors, type Form, type WebEnv, type WebKit } from './kit.js';
import type { Html } from './layout.js';
import { danePicker, formScript, LISTS, nitDvFields, options, rateSuggestions, unitOptions } from './pickers.js';

interface Party {
  personType: '1' | '2';
  idType: string;
  id: string;
  dv?: string;
  name: string;
  commercialName?: string;
  responsibilities: string[];
  taxScheme: string;
  regime?: string;
  address?: { municipalityCode?: string; cityName?: string; postalCode?: string; line?: string; countryCode?: string };
  email?: string;
  phone?: string;
  person?: { firstName?: string; middleName?: string; familyName?: string };
}

interface Customer {
  id: string;
  party: Party;
  receptionEmails: string[];
  finalConsumer: boolean;
}

interface LineTax {
  code: string;
  percent?: string;
  perUnitAmount?: string;
}

interface Item {
  id: string;
  code: string;
  description: string;
  standardItemId: { id: string; scheme: string } | null;
  unitCode: string;
  unitPrice: string;
  taxes: LineTax[];
  withholdings: Array<{ code: string; percent: string }>;
}

const PAGE_SIZE = 50;
const TAX_ROWS = 3;
const WITHHOLDING_ROWS = 2;

const EMPTY_PARTY: Party = { personType: '1', idType: '31', id: '', name: '', responsibilities: ['R-99-PN'], taxScheme: '01', address: { countryCode: 'CO' } };

const CUSTOMER_IDS: Record<string, string> = {
  'party.personType': 'c-persona', 'party.idType': 'c-tipo-id', 'party.id': 'c-id', 'party.dv': 'c-dv', 'party.name': 'c-nombre', 'party.commercialName': 'c-comercial',
  'party.responsibilities': 'c-resp-0', 'party.taxScheme': 'c-tributo', 'party.regime': 'c-regimen', 'party.address.municipalityCode': 'c-municipio', 'party.address.line': 'c-direccion',
  'party.address.cityName': 'c-ciudad', 'party.address.postalCode': 'c-postal', 'party.address.countryCode': 'c-pais', 'party.email': 'c-correo', 'party.phone': 'c-telefono',
  'party.person.firstName': 'c-nombres', 'party.person.familyName': 'c-apellidos', receptionEmails: 'c-recepcion', finalConsumer: 'c-consumidor',
};
const CUSTOMER_LABELS: Record<string, string> = {
  'party.personType': 'Tipo de persona', 'party.idType': 'Tipo de documento', 'party.id': 'Número de identificación', 'party.dv': 'DV', 'party.name': 'Razón social o nombre', 'party.commercialName': 'Nombre comercial',
  'party.responsibilities': 'Responsabilidades', 'party.taxScheme': 'Tributo', 'party.regime': 'Régimen', 'party.address.municipalityCode': 'Municipio', 'party.address.line': 'Dirección',
  'party.address.cityName': 'Ciudad', 'party.address.postalCode': 'Código postal', 'party.address.countryCode': 'País', 'party.email': 'Correo', 'party.phone': 'Teléfono',
  'party.person.firstName': 'Nombres', 'party.person.familyName': 'Apellidos', receptionEmails: 'Correos de recepción', finalConsumer: 'Consumidor final',
};

/** The API body of the customer form (empty optional fields left out). */
export function customerBody(f: Form): { party: Record<string, unknown>; receptionEmails: string[]; finalConsumer: boolean } {
  const opt = (key: string, name: string) => (one(f, name) ? { [key]: one(f, name) } : {});
  const country = one(f, 'countryCode') || 'CO';
  const addressGiven = one(f, 'addressLine') || one(f, 'municipalityCode') || one(f, 'cityName');
  const address = addressGiven
    ? {
        countryCode: country,
        line: one(f, 'addressLine'),
        ...(country === 'CO' && one(f, 'municipalityCode') && { municipalityCode: one(f, 'municipalityCode') }),
        ...(country !== 'CO' && one(f, 'cityName') && { cityName: one(f, 'cityName') }),
        ...opt('postalCode', 'postalCode'),
      }
    : undefined;
  const person = one(f, 'firstName') || one(f, 'familyName') ? { firstName: one(f, 'firstName'), familyName: one(f, 'familyName'), ...opt('middleName', 'middleName') } : undefined;
  const idType = one(f, 'idType');
  return {
    party: {
      personType: one(f, 'personType'),
      idType,
      id: one(f, 'id').replace(/[.\s]/g, ''),
      ...(idType === '31' ? opt('dv', 'dv') : {}),
      name: one(f, 'name'),
      ...opt('commercialName', 'commercialName'),
      responsibilities: many(f, 'responsibilities').length ? many(f, 'responsibilities') : ['R-99-PN'],
      taxScheme: one(f, 'taxScheme') || '01',
      ...opt('regime', 'regime'),
      ...(address && { address }),
      ...opt('email', 'email'),
      ...opt('phone', 'phone'),
      ...(person && { person }),
    },
    receptionEmails: one(f, 'receptionEmails').split(/[\s,;]+/).filter((x) => x !== ''),
    finalConsumer: one(f, 'finalConsumer') === '1',
  };
}

function customerForm(action: string, cu: { party: Party; receptionEmails: string[]; finalConsumer: boolean }, e: FieldErrors): Html {
  const p = cu.party;
  const a = p.address ?? {};
  const text = (id: string, name: string, path: string, label: string, value: string | undefined, extra: string = '') =>
    html`<div><label for="${id}">${label}</label><input id="${id}" name="${name}" value="${value ?? ''}"${raw(extra)}${invalidAttrs(e, path, id)}>${fieldError(e, path, id)}</div>`;
  const I = CUSTOMER_IDS;
  return html`<form method="post" action="${action}" novalidate>
<fieldset><legend>Identificación</legend>
<div class="form-grid">
<div><label for="${I['party.personType']}">Tipo de persona</label><select id="${I['party.personType']}" name="personType">${options(LISTS.personTypes, p.personType)}</select></div>
<div><label for="${I['party.idType']}">Tipo de documento (DIAN)</label><select id="${I['party.idType']}" name="idType"${invalidAttrs(e, 'party.idType', I['party.idType']!)}>${options(LISTS.identificationTypes, p.idType)}</select>${fieldError(e, 'party.idType', I['party.idType']!)}</div>
</div>
${nitDvFields({ nitId: I['party.id']!, nitName: 'id', dvId: I['party.dv']!, dvName: 'dv', nit: p.id, dv: p.dv ?? '', nitLabel: 'Número de identificación (sin puntos ni DV)', idTypeId: I['party.idType']!, nitInvalid: invalidAttrs(e, 'party.id', I['party.id']!), dvInvalid: invalidAttrs(e, 'party.dv', I['party.dv']!), nitError: fieldError(e, 'party.id', I['party.id']!), dvError: fieldError(e, 'party.dv', I['party.dv']!) })}
<div class="form-grid">
${text(I['party.name']!, 'name', 'party.name', 'Razón social o nombre completo (como en el RUT)', p.name, ' required')}
${text(I['party.commercialName']!, 'commercialName', 'party.commercialName', 'Nombre comercial (opcional)', p.commercialName)}
${text(I['party.person.firstName']!, 'firstName', 'party.person.firstName', 'Nombres (persona natural, opcional)', p.person?.firstName)}
${text('c-segundo-nombre', 'middleName', 'party.person.middleName', 'Segundo nombre (opcional)', p.person?.middleName)}
${text(I['party.person.familyName']!, 'familyName', 'party.person.familyName', 'Apellidos (persona natural, opcional)', p.person?.familyName)}
</div>
<p class="checks"><label for="${I.finalConsumer}"><input type="checkbox" id="${I.finalConsumer}" name="finalConsumer" value="1"${cu.finalConsumer ? ' checked' : ''}> Consumidor final (identificación genérica 222222222222)</label></p>
</fieldset>
<fieldset><legend>Información tributaria</legend>
<div class="form-grid">
<div><label for="${I['party.taxScheme']}">Tributo</label><select id="${I['party.taxScheme']}" name="taxScheme">${options(LISTS.partyTaxSchemes, p.taxScheme)}</select></div>
<div><label for="${I['party.regime']}">Régimen fiscal</label><select id="${I['party.regime']}" name="regime">${options(LISTS.regimes, p.regime ?? '', 'Sin indicar')}</select></div>
</div>
<p id="c-resp-ayuda" class="muted">Responsabilidades fiscales del RUT (R-99-PN si ninguna aplica):</p>
<div class="checks" role="group" aria-labelledby="c-resp-ayuda">${LISTS.responsibilities.map((r, i) => html`<label for="c-resp-${i}"><input type="checkbox" id="c-resp-${i}" name="responsibilities" value="${r.code}"${p.responsibilities.includes(r.code) ? ' checked' : ''}> ${r.code} · ${r.name}</label>`)}</div>
${[...e.keys()].filter((k) => k.startsWith('party.responsibilities')).map((k) => fieldError(e, k, 'c-resp-0'))}
</fieldset>
<fieldset><legend>Dirección</legend>
<div class="form-grid"><div><label for="${I['party.address.countryCode']}">País</label><select id="${I['party.address.countryCode']}" name="countryCode">${options(LISTS.countries, a.countryCode ?? 'CO')}</select></div></div>
${danePicker({ id: I['party.address.municipalityCode']!, name: 'municipalityCode', selected: a.municipalityCode, invalid: invalidAttrs(e, 'party.address.municipalityCode', I['party.address.municipalityCode']!), error: fieldError(e, 'party.address.municipalityCode', I['party.address.municipalityCode']!) })}
<div class="form-grid">
${text(I['party.address.line']!, 'addressLine', 'party.address.line', 'Dirección', a.line, ' autocomplete="off"')}
${text(I['party.address.cityName']!, 'cityName', 'party.address.cityName', 'Ciudad (solo fuera de Colombia)', a.cityName)}
${text(I['party.address.postalCode']!, 'postalCode', 'party.address.postalCode', 'Código postal (6 dígitos, opcional)', a.postalCode, ' inputmode="numeric" pattern="[0-9]{6}"')}
</div></fieldset>
<fieldset><legend>Contacto y recepción de facturas</legend>
<div class="form-grid">
${text(I['party.email']!, 'email', 'party.email', 'Correo del cliente', p.email, ' type="email"')}
${text(I['party.phone']!, 'phone', 'party.phone', 'Teléfono', p.phone, ' type="tel"')}
<div><label for="${I.receptionEmails}">Correos de recepción de facturas electrónicas</label>
<textarea id="${I.receptionEmails}" name="receptionEmails" aria-describedby="c-recepcion-ayuda"${invalidAttrs(e, 'receptionEmails', I.receptionEmails!)}>${cu.receptionEmails.join('\n')}</textarea>
<p id="c-recepcion-ayuda" class="muted">Uno por línea (hasta 10): el buzón que el cliente registró para recibir facturas. Si lo deja vacío se usa el correo del cliente.</p>
${[...e.keys()].filter((k) => k.startsWith('receptionEmails')).map((k) => fieldError(e, k, I.receptionEmails!))}</div>
</div></fieldset>
<div class="actions"><button type="submit">Guardar cliente</button><a href="/app/clientes">Cancelar</a></div>
</form>${formScript()}`;
}

/** The API body of the item form. */
export function itemBody(f: Form): Record<string, unknown> {
  const taxes: Array<Record<string, string>> = [];
  for (let i = 0; i < TAX_ROWS; i++) {
    const code = one(f, `tax${i}Code`);
    if (!code) continue;
    const perUnit = taxType(code)?.rateType === 'per-unit';
    const value = parseDecimalInput(one(f, `tax${i}Value`));
    taxes.push(perUnit ? { code, perUnitAmount: value } : { code, percent: value });
  }
  const withholdings: Array<Record<string, string>> = [];
  for (let i = 0; i < WITHHOLDING_ROWS; i++) {
    const code = one(f, `ret${i}Code`);
    if (code) withholdings.push({ code, percent: parseDecimalInput(one(f, `ret${i}Value`)) });
  }
  const stdId = one(f, 'standardId');
  return {
    code: one(f, 'code'),
    description: one(f, 'description'),
    ...(stdId && { standardItemId: { id: stdId, scheme: one(f, 'standardScheme') || '999' } }),
    unitCode: one(f, 'unitCode') || '94',
    unitPrice: parseDecimalInput(one(f, 'unitPrice')),
    taxes,
    withholdings,
  };
}

function itemForm(action: string, it: Omit<Item, 'id'>, e: FieldErrors): Html {
  const text = (id: string, name: string, path: string, label: string, value: string | undefined, extra: string = '') =>
    html`<div><label for="${id}">${label}</label><input id="${id}" name="${name}" value="${value ?? ''}"${raw(extra)}${invalidAttrs(e, path, id)}>${fieldError(e, path, id)}</div>`;
  return html`<form method="post" action="${action}" novalidate>
<fieldset><legend>Producto o servicio</legend><div class="form-grid">
${text('i-code', 'code', 'code', 'Código interno', it.code, ' required autocomplete="off"')}
${text('i-description', 'description', 'description', 'Descripción', it.description, ' required')}
<div><label for="i-unit">Unidad de medida (DIAN)</label><select id="i-unit" name="unitCode"${invalidAttrs(e, 'unitCode', 'i-unit')}>${unitOptions(it.unitCode)}</select>${fieldError(e, 'unitCode', 'i-unit')}</div>
${text('i-price', 'unitPrice', 'unitPrice', 'Precio unitario antes de impuestos (COP)', it.unitPrice ? formatDecimal(it.unitPrice) : '', ' inputmode="decimal" required aria-describedby="i-price-ayuda"')}
<p id="i-price-ayuda" class="muted">Con coma decimal, p. ej. 12.500,50.</p>
<div><label for="i-std-scheme">Estándar de identificación</label><select id="i-std-scheme" name="standardScheme">${options(LISTS.standardSchemes, it.standardItemId?.scheme ?? '999')}</select></div>
${text('i-std-id', 'standardId', 'standardItemId.id', 'Código en el estándar (opcional; por omisión el código interno)', it.standardItemId?.id)}
</div></fieldset>
<fieldset><legend>Impuestos</legend>
<p class="muted">Porcentuales (IVA, INC, ICA…): la tarifa en %. Por unidad (INC bolsas, IBUA, ICL…): el valor por unidad en COP. IVA excluido: no agregue el impuesto.</p>
<div class="table-wrap"><table><caption class="visually-hidden">Impuestos del producto</caption><thead><tr><th scope="col">Tributo</th><th scope="col">Tarifa (%) o valor por unidad</th></tr></thead><tbody>
${Array.from({ length: TAX_ROWS }, (_, i) => {
    const t = it.taxes[i];
    return html`<tr><td><label class="visually-hidden" for="i-tax-${i}">Tributo ${i + 1}</label><select id="i-tax-${i}" name="tax${i}Code"${invalidAttrs(e, `taxes[${i}].code`, `i-tax-${i}`)}>${options(LISTS.taxes, t?.code ?? '', 'Ninguno')}</select>${fieldError(e, `taxes[${i}].code`, `i-tax-${i}`)}</td>
<td><label class="visually-hidden" for="i-tax-${i}-valor">Tarifa o valor del tributo ${i + 1}</label><input id="i-tax-${i}-valor" name="tax${i}Value" inputmode="decimal" value="${t ? formatDecimal(t.percent ?? t.perUnitAmount ?? '') : ''}"${t?.code ? html` list="tarifas-${t.code}"` : ''}${invalidAttrs(e, `taxes[${i}].percent`, `i-tax-${i}-valor`)}>${fieldError(e, `taxes[${i}].percent`, `i-tax-${i}-valor`)}${fieldError(e, `taxes[${i}].perUnitAmount`, `i-tax-${i}-valor`)}${fieldError(e, `taxes[${i}]`, `i-tax-${i}-valor`)}</td></tr>`;
  })}</tbody></table></div>${rateSuggestions()}
</fieldset>
<fieldset><legend>Retenciones que aplica el cliente (opcional)</legend>
<div class="table-wrap"><table><caption class="visually-hidden">Retenciones</caption><thead><tr><th scope="col">Retención</th><th scope="col">Tarifa (%)</th></tr></thead><tbody>
${Array.from({ length: WITHHOLDING_ROWS }, (_, i) => {
    const w = it.withholdings[i];
    return html`<tr><td><label class="visually-hidden" for="i-ret-${i}">Retención ${i + 1}</label><select id="i-ret-${i}" name="ret${i}Code">${options(LISTS.withholdings, w?.code ?? '', 'Ninguna')}</select></td>
<td><label class="visually-hidden" for="i-ret-${i}-valor">Tarifa de la retención ${i + 1}</label><input id="i-ret-${i}-valor" name="ret${i}Value" inputmode="decimal" value="${w ? formatDecimal(w.percent) : ''}"${invalidAttrs(e, `withholdings[${i}].percent`, `i-ret-${i}-valor`)}>${fieldError(e, `withholdings[${i}].percent`, `i-ret-${i}-valor`)}</td></tr>`;
  })}</tbody></table></div></fieldset>
<div class="actions"><button type="submit">Guardar producto</button><a href="/app/productos">Cancelar</a></div>
</form>`;
}

function taxSummary(taxes: LineTax[]): string {
  if (taxes.length === 0) return 'Sin impuestos';
  return taxes.map((t) => `${taxType(t.code)?.name ?? t.code} ${t.percent !== undefined ? `${formatDecimal(t.percent)} %` : formatCop(t.perUnitAmount)}`).join(', ');
}

const ITEM_IDS: Record<string, string> = { code: 'i-code', description: 'i-description', unitCode: 'i-unit', unitPrice: 'i-price', 'standardItemId.id': 'i-std-id' };
const ITEM_LABELS: Record<string, string> = { code: 'Código', description: 'Descripción', unitCode: 'Unidad', unitPrice: 'Precio unitario', 'standardItemId.id': 'Código estándar' };
for (let i = 0; i < TAX_ROWS; i++) {
  Object.assign(ITEM_IDS, { [`taxes[${i}].code`]: `i-tax-${i}`, [`taxes[${i}].percent`]: `i-tax-${i}-valor`, [`taxes[${i}].perUnitAmount`]: `i-tax-${i}-valor`, [`taxes[${i}]`]: `i-tax-${i}-valor` });
  Object.assign(ITEM_LABELS, { [`taxes[${i}].code`]: `Tributo ${i + 1}`, [`taxes[${i}].percent`]: `Tarifa ${i + 1}`, [`taxes[${i}].perUnitAmount`]: `Valor por unidad ${i + 1}`, [`taxes[${i}]`]: `Tributo ${i + 1}` });
}
for (let i = 0; i < WITHHOLDING_ROWS; i++) {
  Object.assign(ITEM_IDS, { [`withholdings[${i}].percent`]: `i-ret-${i}-valor`, [`withholdings[${i}].code`]: `i-ret-${i}` });
  Object.assign(ITEM_LABELS, { [`withholdings[${i}].percent`]: `Retención ${i + 1}`, [`withholdings[${i}].code`]: `Retención ${i + 1}` });
}

/** Customers and items: list, create, edit (forms with DIAN's lists as pickers). */
export function registerCatalogPages(web: Hono<WebEnv>, kit: WebKit): void {
  // ---- Customers
  web.get('/app/clientes', async (c) => {
    const search = (c.req.query('buscar') ?? '').trim().slice(0, 100);
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const q = new URLSearchParams({ limit: String(PAGE_SIZE + 1), offset: String(offset), ...(search && { search }) });
    const list = (await kit.get<{ data: Customer[] }>(c, `/v1/customers?${q}`)).data;
    const canEdit = atLeast(c.get('role'), 'facturador');
    const link = (o: number) => `/app/clientes?${new URLSearchParams({ ...(search && { buscar: search }), offset: String(o) })}`;
    const idLabel = (p: Party) => `${LISTS.identificationTypes.find((t) => t.code === p.idType)?.name ?? p.idType} ${p.idType === '31' ? formatNit(p.id, p.dv) : p.id}`;
    const body = html`${notice(c)}
<div class="actions">${canEdit ? html`<a class="button" href="/app/clientes/nuevo">Nuevo cliente</a>` : ''}</div>
<form class="card filters" method="get" action="/app/clientes" role="search" aria-label="Buscar clientes">
<div><label for="buscar">Buscar por nombre o identificación</label><input id="buscar" name="buscar" type="search" value="${search}"></div>
<div><button type="submit">Buscar</button></div></form>
${list.length === 0
    ? html`<p>No hay clientes${search ? ' con esa búsqueda' : ''}.</p>`
    : html`<div class="table-wrap"><table><caption class="visually-hidden">Clientes</caption>
<thead><tr><th scope="col">Cliente</th><th scope="col">Identificación</th><th scope="col">Municipio</th><th scope="col">Correos de recepción</th><th scope="col">Acciones</th></tr></thead>
<tbody>${list.slice(0, PAGE_SIZE).map((cu) => html`<tr><td>${cu.party.name}${cu.finalConsumer ? html`<br><span class="muted">Consumidor final</span>` : ''}</td><td>${idLabel(cu.party)}</td>
<td>${cu.party.address?.municipalityCode ? municipality(cu.party.address.municipalityCode)?.name ?? cu.party.address.municipalityCode : (cu.party.address?.cityName ?? '—')}</td>
<td>${cu.receptionEmails.join(', ') || '—'}</td>
<td><a href="/app/documentos?customer=${encodeURIComponent(cu.party.id)}">Documentos<span class="visually-hidden"> de ${cu.party.name}</span></a>${canEdit ? html` · <a href="/app/clientes/${cu.id}/editar">Editar<span class="visually-hidden"> ${cu.party.name}</span></a>` : ''}</td></tr>`)}</tbody></table></div>`}
<nav aria-label="Paginación"><p>${offset > 0 ? html`<a href="${link(Math.max(0, offset - PAGE_SIZE))}">« Anteriores</a> ` : ''}${list.length > PAGE_SIZE ? html`<a href="${link(offset + PAGE_SIZE)}">Siguientes »</a>` : ''}</p></nav>`;
    return kit.render(c, 'clientes', 'Clientes', body);
  });
  const customerPage = (c: Context<WebEnv>, title: string, action: string, cu: { party: Party; receptionEmails: string[]; finalConsumer: boolean }, failure?: { message: string; issues: Array<{ path?: string; message?: string }> }) =>
    kit.render(c, 'clientes', title, html`${failure ? errorSummary(failure.message, failure.issues, CUSTOMER_IDS, CUSTOMER_LABELS) : ''}${customerForm(action, cu, fieldErrors(failure?.issues ?? []))}`, failure ? 422 : 200);
  const asShown = (b: ReturnType<typeof customerBody>) => ({ party: b.party as unknown as Party, receptionEmails: b.receptionEmails, finalConsumer: b.finalConsumer });
  web.get('/app/clientes/nuevo', (c) => customerPage(c, 'Nuevo cliente', '/app/clientes/nuevo', { party: EMPTY_PARTY, receptionEmails: [], finalConsumer: false }));
  web.post('/app/clientes/nuevo', async (c) => {
    const body = customerBody(await readForm(c));
    const r = await kit.send<Customer>(c, 'POST', '/v1/customers', body);
    if (r.ok) return c.redirect(withNotice('/app/clientes', { ok: `Cliente ${r.data.party.name} creado.` }), 303);
    return customerPage(c, 'Nuevo cliente', '/app/clientes/nuevo', asShown(body), r);
  });
  web.get('/app/clientes/:id/editar', async (c) => {
    const r = await kit.send<Customer>(c, 'GET', `/v1/customers/${encodeURIComponent(c.req.param('id'))}`);
    if (!r.ok) return kit.render(c, 'clientes', 'Cliente no encontrado', html`<p>El cliente no existe.</p><p><a href="/app/clientes">Volver a clientes</a></p>`, 404);
    return customerPage(c, `Editar cliente: ${r.data.party.name}`, `/app/clientes/${r.data.id}/editar`, r.data);
  });
  web.post('/app/clientes/:id/editar', async (c) => {
    const id = c.req.param('id');
    const body = customerBody(await readForm(c));
    const r = await kit.send<Customer>(c, 'PUT', `/v1/customers/${encodeURIComponent(id)}`, body);
    if (r.ok) return c.redirect(withNotice('/app/clientes', { ok: `Cliente ${r.data.party.name} actualizado.` }), 303);
    return customerPage(c, 'Editar cliente', `/app/clientes/${encodeURIComponent(id)}/editar`, asShown(body), r);
  });

  // ---- Items
  web.get('/app/productos', async (c) => {
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const list = (await kit.get<{ data: Item[] }>(c, `/v1/items?limit=${PAGE_SIZE + 1}&offset=${offset}`)).data;
    const canEdit = atLeast(c.get('role'), 'facturador');
    const body = html`${notice(c)}
<div class="actions">${canEdit ? html`<a class="button" href="/app/productos/nuevo">Nuevo producto</a>` : ''}</div>
${list.length === 0
    ? html`<p>No hay productos ni servicios.</p>`
    : html`<div class="table-wrap"><table><caption class="visually-hidden">Productos y servicios</caption>
<thead><tr><th scope="col">Código</th><th scope="col">Descripción</th><th scope="col">Unidad</th><th scope="col" class="num">Precio unitario</th><th scope="col">Impuestos</th>${canEdit ? html`<th scope="col">Acciones</th>` : ''}</tr></thead>
<tbody>${list.slice(0, PAGE_SIZE).map((it) => html`<tr><td>${it.code}</td><td>${it.description}</td><td>${unitOfMeasure(it.unitCode)?.name ?? it.unitCode}</td><td class="num">${formatCop(it.unitPrice)}</td><td>${taxSummary(it.taxes)}</td>
${canEdit ? html`<td><a href="/app/productos/${it.id}/editar">Editar<span class="visually-hidden"> ${it.description}</span></a></td>` : ''}</tr>`)}</tbody></table></div>`}
<nav aria-label="Paginación"><p>${offset > 0 ? html`<a href="/app/productos?offset=${Math.max(0, offset - PAGE_SIZE)}">« Anteriores</a> ` : ''}${list.length > PAGE_SIZE ? html`<a href="/app/productos?offset=${offset + PAGE_SIZE}">Siguientes »</a>` : ''}</p></nav>`;
    return kit.render(c, 'productos', 'Productos y servicios', body);
  });
  const itemPage = (c: Context<WebEnv>, title: string, action: string, it: Omit<Item, 'id'>, failure?: { message: string; issues: Array<{ path?: string; message?: string }> }) =>
    kit.render(c, 'productos', title, html`${failure ? errorSummary(failure.message, failure.issues, ITEM_IDS, ITEM_LABELS) : ''}${itemForm(action, it, fieldErrors(failure?.issues ?? []))}`, failure ? 422 : 200);
  const itemShown = (b: Record<string, unknown>) => ({ ...(b as unknown as Omit<Item, 'id'>), standardItemId: (b.standardItemId as Item['standardItemId']) ?? null });
  web.get('/app/productos/nuevo', (c) => itemPage(c, 'Nuevo producto', '/app/productos/nuevo', { code: '', description: '', standardItemId: null, unitCode: '94', unitPrice: '', taxes: [{ code: '01', percent: '19' }], withholdings: [] }));
  web.post('/app/productos/nuevo', async (c) => {
    const body = itemBody(await readForm(c));
    const r = await kit.send<Item>(c, 'POST', '/v1/items', body);
    if (r.ok) return c.redirect(withNotice('/app/productos', { ok: `Producto ${r.data.code} creado.` }), 303);
    return itemPage(c, 'Nuevo producto', '/app/productos/nuevo', itemShown(body), r);
  });
  web.get('/app/productos/:id/editar', async (c) => {
    const r = await kit.send<Item>(c, 'GET', `/v1/items/${encodeURIComponent(c.req.param('id'))}`);
    if (!r.ok) return kit.render(c, 'productos', 'Producto no encontrado', html`<p>El producto no existe.</p><p><a href="/app/productos">Volver a productos</a></p>`, 404);
    return itemPage(c, `Editar producto: ${r.data.code}`, `/app/productos/${r.data.id}/editar`, r.data);
  });
  web.post('/app/productos/:id/editar', async (c) => {
    const id = c.req.param('id');
    const body = itemBody(await readForm(c));
    const r = await kit.send<Item>(c, 'PUT', `/v1/items/${encodeURIComponent(id)}`, body);
    if (r.ok) return c.redirect(withNotice('/app/productos', { ok: `Producto ${r.data.code} actualizado.` }), 303);
    return itemPage(c, 'Editar producto', `/app/productos/${encodeURIComponent(id)}/editar`, itemShown(body), r);
  });
}
