import type { Context, Hono } from 'hono';
import { html, raw } from 'hono/html';
import { formatCount, formatDate, KIND_LABEL, parseDateInput } from './format.js';
import { atLeast, errorSummary, fieldError, fieldErrors, invalidAttrs, many, notice, one, readForm, withNotice, type FieldErrors, type Form, type WebEnv, type WebKit } from './kit.js';
import type { NumberingRangeView } from '../app/numbering.js';
import type { OrganizationRecord } from '../app/records.js';
import { badge, type Html } from './layout.js';
import { danePicker, formScript, LISTS, nitDvFields, options } from './pickers.js';

type Organization = Pick<OrganizationRecord, 'nit' | 'dv' | 'legalName' | 'commercialName' | 'personType' | 'regime' | 'responsibilities' | 'taxScheme' | 'address' | 'industryCodes' | 'commercialRegistration' | 'email' | 'phone' | 'habilitacionState'>;

type NumberingRange = NumberingRangeView;

interface PaymentMethod {
  id: string;
  name: string;
  form: '1' | '2';
  means: string;
  dueDays: number | null;
}

/** What people must do at DIAN before a new prefix can be used or fetched. */
export const PREFIX_REMINDER = 'Recuerde: después de expedida la resolución, asocie el prefijo al software en el portal de facturación electrónica de la DIAN; la DIAN lo muestra (y la consulta lo trae) al menos dos horas después de expedida la resolución.';

/** Dates are typed the Colombian way (native date inputs show the browser's locale, not the page's). */
const DATE_ATTRS = ' inputmode="numeric" placeholder="dd/mm/aaaa" autocomplete="off"';

const ORG_IDS: Record<string, string> = {
  nit: 'org-nit', dv: 'org-dv', legalName: 'org-razon', commercialName: 'org-comercial', personType: 'org-persona', regime: 'org-regimen', responsibilities: 'org-resp-0', taxScheme: 'org-tributo',
  'address.municipalityCode': 'org-municipio', 'address.line': 'org-direccion', 'address.postalCode': 'org-postal', 'industryCodes[0]': 'org-ciiu-0', 'industryCodes[1]': 'org-ciiu-1', 'industryCodes[2]': 'org-ciiu-2', 'industryCodes[3]': 'org-ciiu-3',
  commercialRegistration: 'org-matricula', email: 'org-correo', phone: 'org-telefono',
};
const ORG_LABELS: Record<string, string> = {
  nit: 'NIT', dv: 'DV', legalName: 'Razón social', commercialName: 'Nombre comercial', personType: 'Tipo de persona', regime: 'Régimen', responsibilities: 'Responsabilidades', taxScheme: 'Tributo',
  'address.municipalityCode': 'Municipio', 'address.line': 'Dirección', 'address.postalCode': 'Código postal', 'industryCodes[0]': 'CIIU principal', 'industryCodes[1]': 'CIIU secundaria', 'industryCodes[2]': 'Otra actividad CIIU', 'industryCodes[3]': 'Otra actividad CIIU',
  commercialRegistration: 'Matrícula mercantil', email: 'Correo', phone: 'Teléfono',
};

/** The API body of the organization form (empty optional fields left out). */
export function organizationBody(f: Form): Record<string, unknown> {
  const opt = (name: string) => (one(f, name) ? { [name]: one(f, name) } : {});
  return {
    nit: one(f, 'nit'),
    dv: one(f, 'dv'),
    legalName: one(f, 'legalName'),
    ...opt('commercialName'),
    personType: one(f, 'personType'),
    ...opt('regime'),
    responsibilities: many(f, 'responsibilities'),
    taxScheme: one(f, 'taxScheme') || '01',
    address: { countryCode: 'CO', line: one(f, 'addressLine'), ...(one(f, 'municipalityCode') && { municipalityCode: one(f, 'municipalityCode') }), ...(one(f, 'postalCode') && { postalCode: one(f, 'postalCode') }) },
    industryCodes: [0, 1, 2, 3].map((i) => one(f, `ciiu${i}`)).filter((x) => x !== ''),
    ...opt('commercialRegistration'),
    ...opt('email'),
    ...opt('phone'),
  };
}

function organizationForm(o: Organization, e: FieldErrors): Html {
  const text = (id: string, name: string, path: string, label: string, value: string | null | undefined, extra: string = '') =>
    html`<div><label for="${id}">${label}</label><input id="${id}" name="${name}" value="${value ?? ''}"${raw(extra)}${invalidAttrs(e, path, id)}>${fieldError(e, path, id)}</div>`;
  const nitLocked = o.habilitacionState !== 'not_started';
  return html`<form method="post" action="/app/organizacion" novalidate>
<fieldset><legend>Identificación (RUT)</legend>
${nitDvFields({ nitId: ORG_IDS.nit!, nitName: 'nit', dvId: ORG_IDS.dv!, dvName: 'dv', nit: o.nit, dv: o.dv, nitInvalid: invalidAttrs(e, 'nit', ORG_IDS.nit!), dvInvalid: invalidAttrs(e, 'dv', ORG_IDS.dv!), nitError: fieldError(e, 'nit', ORG_IDS.nit!), dvError: fieldError(e, 'dv', ORG_IDS.dv!) })}
${nitLocked ? html`<p class="muted">El NIT no se puede cambiar después de iniciar la habilitación.</p>` : ''}
<div class="form-grid">
${text(ORG_IDS.legalName!, 'legalName', 'legalName', 'Razón social (como en el RUT)', o.legalName, ' required')}
${text(ORG_IDS.commercialName!, 'commercialName', 'commercialName', 'Nombre comercial (opcional)', o.commercialName)}
<div><label for="${ORG_IDS.personType}">Tipo de persona</label><select id="${ORG_IDS.personType}" name="personType">${options(LISTS.personTypes, o.personType)}</select></div>
<div><label for="${ORG_IDS.regime}">Régimen fiscal</label><select id="${ORG_IDS.regime}" name="regime"${invalidAttrs(e, 'regime', ORG_IDS.regime!)}>${options(LISTS.regimes, o.regime ?? '', 'Sin indicar')}</select>${fieldError(e, 'regime', ORG_IDS.regime!)}</div>
<div><label for="${ORG_IDS.taxScheme}">Tributo (esquema del emisor)</label><select id="${ORG_IDS.taxScheme}" name="taxScheme">${options(LISTS.partyTaxSchemes, o.taxScheme)}</select></div>
${text(ORG_IDS.commercialRegistration!, 'commercialRegistration', 'commercialRegistration', 'Matrícula mercantil (opcional)', o.commercialRegistration)}
</div></fieldset>
<fieldset aria-describedby="resp-ayuda"><legend>Responsabilidades fiscales (casilla 53 del RUT)</legend>
<p id="resp-ayuda" class="muted">Marque las que figuran en el RUT; si ninguna aplica, R-99-PN.</p>
<div class="checks">${LISTS.responsibilities.map((r, i) => html`<label for="org-resp-${i}"><input type="checkbox" id="org-resp-${i}" name="responsibilities" value="${r.code}"${o.responsibilities.includes(r.code) ? ' checked' : ''}> ${r.code} · ${r.name}</label>`)}</div>
${fieldError(e, 'responsibilities', 'org-resp-0')}${[...e.keys()].filter((k) => k.startsWith('responsibilities[')).map((k) => fieldError(e, k, 'org-resp-0'))}
</fieldset>
<fieldset><legend>Domicilio fiscal</legend>
${danePicker({ id: ORG_IDS['address.municipalityCode']!, name: 'municipalityCode', selected: o.address.municipalityCode, required: true, invalid: invalidAttrs(e, 'address.municipalityCode', ORG_IDS['address.municipalityCode']!), error: fieldError(e, 'address.municipalityCode', ORG_IDS['address.municipalityCode']!) })}
<div class="form-grid">
${text(ORG_IDS['address.line']!, 'addressLine', 'address.line', 'Dirección', o.address.line, ' required autocomplete="street-address"')}
${text(ORG_IDS['address.postalCode']!, 'postalCode', 'address.postalCode', 'Código postal (6 dígitos, opcional)', o.address.postalCode, ' inputmode="numeric" pattern="[0-9]{6}" autocomplete="postal-code"')}
</div></fieldset>
<fieldset aria-describedby="ciiu-ayuda"><legend>Actividades económicas (CIIU)</legend>
<p id="ciiu-ayuda" class="muted">Códigos CIIU de 4 dígitos, como en el RUT (casillas 46 a 50). La DIAN no publica la lista CIIU en el Anexo Técnico: se verifica el formato.</p>
<div class="form-grid">${['Actividad principal', 'Actividad secundaria', 'Otra actividad', 'Otra actividad'].map((label, i) => text(`org-ciiu-${i}`, `ciiu${i}`, `industryCodes[${i}]`, label, o.industryCodes[i], ' inputmode="numeric" pattern="[0-9]{4}" maxlength="4"'))}</div>
</fieldset>
<fieldset><legend>Contacto</legend><div class="form-grid">
${text(ORG_IDS.email!, 'email', 'email', 'Correo de facturación', o.email, ' type="email" autocomplete="email"')}
${text(ORG_IDS.phone!, 'phone', 'phone', 'Teléfono', o.phone, ' autocomplete="tel"')}
</div></fieldset>
<div class="actions"><button type="submit">Guardar datos de la organización</button><a href="/app/configuracion">Cancelar</a></div>
</form>${formScript()}`;
}

/** Organization data form, numbering ranges, payment methods. */
export function registerOrganizationPages(web: Hono<WebEnv>, kit: WebKit): void {
  // ---- Organization (RUT) data: admin
  web.get('/app/organizacion', async (c) => {
    const org = await kit.get<Organization>(c, '/v1/organization');
    return kit.render(c, 'configuracion', 'Datos de la organización', html`${notice(c)}${organizationForm(org, new Map())}`);
  });
  web.post('/app/organizacion', async (c) => {
    const form = await readForm(c);
    const body = organizationBody(form);
    const r = await kit.send(c, 'PUT', '/v1/organization/data', body);
    if (r.ok) return c.redirect(withNotice('/app/configuracion', { ok: 'Datos de la organización guardados.' }), 303);
    const current = await kit.get<Organization>(c, '/v1/organization');
    const b = body as { address: Organization['address'] } & Record<string, unknown>;
    const shown: Organization = { ...current, ...(b as object), address: b.address, commercialName: (b.commercialName as string) ?? null, regime: (b.regime as string) ?? null, commercialRegistration: (b.commercialRegistration as string) ?? null, email: (b.email as string) ?? null, phone: (b.phone as string) ?? null, industryCodes: [0, 1, 2, 3].map((i) => one(form, `ciiu${i}`)) } as Organization;
    return kit.render(c, 'configuracion', 'Datos de la organización', html`${errorSummary(r.message, r.issues, ORG_IDS, ORG_LABELS)}${organizationForm(shown, fieldErrors(r.issues))}`, 422);
  });

  // ---- Numbering ranges: everyone reads, admin enters or syncs
  const numberingPage = async (c: Context<WebEnv>, top?: Html, values: Record<string, string> = {}, e: FieldErrors = new Map(), status: 200 | 422 = 200) => {
    const ranges = (await kit.get<{ data: NumberingRange[] }>(c, '/v1/numbering-ranges')).data;
    const admin = atLeast(c.get('role'), 'admin');
    const input = (id: string, path: string, label: string, extra: string, help?: string) =>
      html`<div><label for="${id}">${label}</label><input id="${id}" name="${path}" value="${values[path] ?? ''}"${raw(extra)}${help ? html` aria-describedby="${id}-ayuda"` : ''}${invalidAttrs(e, path, id)}>${help ? html`<p id="${id}-ayuda" class="muted">${help}</p>` : ''}${fieldError(e, path, id)}</div>`;
    const body = html`${top ?? notice(c)}
<p class="alert" role="note">${PREFIX_REMINDER}</p>
<section class="card" aria-labelledby="rangos"><h2 id="rangos">Rangos de numeración</h2>
${ranges.length === 0
    ? html`<p>No hay rangos de numeración.</p>`
    : html`<div class="table-wrap"><table><caption class="visually-hidden">Rangos de numeración con el siguiente número y la vigencia</caption>
<thead><tr><th scope="col">Tipo</th><th scope="col">Prefijo</th><th scope="col">Resolución</th><th scope="col" class="num">Desde</th><th scope="col" class="num">Hasta</th><th scope="col" class="num">Siguiente número</th><th scope="col" class="num">Disponibles</th><th scope="col">Vigencia</th><th scope="col">Origen</th><th scope="col">Estado</th></tr></thead>
<tbody>${ranges.map((r) => html`<tr><td>${KIND_LABEL[r.documentKind] ?? r.documentKind}</td><td>${r.prefix || '—'}</td><td>${r.resolution ?? '—'}${r.resolutionDate ? html`<br><span class="muted">del ${formatDate(r.resolutionDate)}</span>` : ''}</td>
<td class="num">${formatCount(r.fromNumber)}</td><td class="num">${formatCount(r.toNumber)}</td><td class="num"><strong>${r.prefix}${r.nextNumber}</strong></td><td class="num">${formatCount(r.remaining)}</td>
<td>${r.validFrom || r.validTo ? `${formatDate(r.validFrom)} al ${formatDate(r.validTo)}` : '—'}${r.warnings.map((w) => html`<br><span class="s-rejected">${w}</span>`)}</td>
<td>${r.source === 'dian' ? 'Consulta DIAN' : 'Manual'}</td><td>${r.active ? badge('done', 'Activo') : badge('rejected', 'Inactivo')}</td></tr>`)}</tbody></table></div>`}
${admin ? html`<form method="post" action="/app/numeracion/sincronizar" class="actions"><button type="submit">Consultar numeración en la DIAN</button><span class="muted">Trae las resoluciones y claves técnicas asociadas al software (GetNumberingRange).</span></form>` : ''}
</section>
${admin
    ? html`<section class="card" aria-labelledby="rango-manual"><h2 id="rango-manual">Registrar una resolución a mano</h2>
<form method="post" action="/app/numeracion" novalidate>
<div class="form-grid">
<div><label for="n-kind">Tipo de documento</label><select id="n-kind" name="documentKind">${options(LISTS.documentKinds, values.documentKind ?? 'invoice')}</select></div>
${input('n-prefix', 'prefix', 'Prefijo (hasta 4 letras o números)', ' maxlength="4" autocomplete="off"')}
${input('n-resolution', 'resolution', 'Número de resolución', ' inputmode="numeric" autocomplete="off"', 'Obligatorio para facturas.')}
${input('n-resolution-date', 'resolutionDate', 'Fecha de la resolución (dd/mm/aaaa)', DATE_ATTRS)}
${input('n-from', 'fromNumber', 'Número inicial', ' inputmode="numeric" required')}
${input('n-to', 'toNumber', 'Número final', ' inputmode="numeric" required')}
${input('n-next', 'nextNumber', 'Siguiente número a usar (opcional)', ' inputmode="numeric"', 'Si ya emitió documentos de este rango en otro sistema.')}
${input('n-valid-from', 'validFrom', 'Vigente desde (dd/mm/aaaa)', DATE_ATTRS)}
${input('n-valid-to', 'validTo', 'Vigente hasta (dd/mm/aaaa)', DATE_ATTRS)}
${input('n-key', 'technicalKey', 'Clave técnica', ' autocomplete="off"', 'La clave técnica del rango (portal DIAN); se guarda cifrada. Obligatoria para facturas.')}
</div>
<p class="muted">Las notas crédito y débito no tienen resolución: basta el prefijo y el rango de consecutivos.</p>
<p><button type="submit">Registrar rango</button></p>
</form></section>`
    : ''}`;
    return kit.render(c, 'configuracion', 'Numeración', body, status);
  };
  web.get('/app/numeracion', (c) => numberingPage(c));
  web.post('/app/numeracion', async (c) => {
    const form = await readForm(c);
    const values: Record<string, string> = {};
    for (const f of ['documentKind', 'prefix', 'resolution', 'resolutionDate', 'fromNumber', 'toNumber', 'nextNumber', 'validFrom', 'validTo', 'technicalKey']) values[f] = one(form, f);
    const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : s === '' ? undefined : s);
    const body: Record<string, unknown> = { documentKind: values.documentKind, prefix: values.prefix!.toUpperCase() };
    for (const f of ['resolution', 'technicalKey']) if (values[f]) body[f] = values[f];
    for (const f of ['resolutionDate', 'validFrom', 'validTo']) if (values[f]) body[f] = parseDateInput(values[f]) ?? values[f];
    for (const f of ['fromNumber', 'toNumber', 'nextNumber']) if (values[f]) body[f] = num(values[f]!);
    const r = await kit.send(c, 'POST', '/v1/numbering-ranges', body);
    if (r.ok) return c.redirect(withNotice('/app/numeracion', { ok: `Rango ${body.prefix as string} registrado.` }), 303);
    const ids: Record<string, string> = { documentKind: 'n-kind', prefix: 'n-prefix', resolution: 'n-resolution', resolutionDate: 'n-resolution-date', fromNumber: 'n-from', toNumber: 'n-to', nextNumber: 'n-next', validFrom: 'n-valid-from', validTo: 'n-valid-to', technicalKey: 'n-key' };
    const labels: Record<string, string> = { documentKind: 'Tipo', prefix: 'Prefijo', resolution: 'Resolución', resolutionDate: 'Fecha de la resolución', fromNumber: 'Número inicial', toNumber: 'Número final', nextNumber: 'Siguiente número', validFrom: 'Vigente desde', validTo: 'Vigente hasta', technicalKey: 'Clave técnica' };
    return numberingPage(c, errorSummary(r.message, r.issues, ids, labels), { ...values, technicalKey: '' }, fieldErrors(r.issues), 422);
  });
  web.post('/app/numeracion/sincronizar', async (c) => {
    const r = await kit.send<{ data: NumberingRange[] }>(c, 'POST', '/v1/numbering-ranges/sync');
    return c.redirect(withNotice('/app/numeracion', r.ok ? { ok: `Numeración sincronizada con la DIAN: ${r.data.data.length} rango(s).` } : { error: r.message }), 303);
  });

  // ---- Payment methods: everyone reads, facturador creates and deletes
  const paymentPage = async (c: Context<WebEnv>, top?: Html, values: Record<string, string> = {}, e: FieldErrors = new Map(), status: 200 | 422 = 200) => {
    const list = (await kit.get<{ data: PaymentMethod[] }>(c, '/v1/payment-methods')).data;
    const canEdit = atLeast(c.get('role'), 'facturador');
    const meansName = (code: string) => LISTS.paymentMeans.find((m) => m.code === code)?.name ?? code;
    const body = html`${top ?? notice(c)}
<section class="card" aria-labelledby="medios"><h2 id="medios">Medios de pago</h2>
${list.length === 0
    ? html`<p>No hay medios de pago registrados. Sin ellos, las facturas usan contado y efectivo (10).</p>`
    : html`<div class="table-wrap"><table><caption class="visually-hidden">Medios de pago</caption>
<thead><tr><th scope="col">Nombre</th><th scope="col">Forma</th><th scope="col">Medio (DIAN)</th><th scope="col" class="num">Plazo</th>${canEdit ? html`<th scope="col">Acciones</th>` : ''}</tr></thead>
<tbody>${list.map((p) => html`<tr><td>${p.name}</td><td>${p.form === '1' ? 'Contado' : 'Crédito'}</td><td>${p.means} · ${meansName(p.means)}</td><td class="num">${p.dueDays === null ? '—' : `${p.dueDays} días`}</td>
${canEdit ? html`<td><form method="post" action="/app/medios-de-pago/${p.id}/eliminar" style="margin:0"><button type="submit" class="secondary">Eliminar<span class="visually-hidden"> ${p.name}</span></button></form></td>` : ''}</tr>`)}</tbody></table></div>`}
</section>
${canEdit
    ? html`<section class="card" aria-labelledby="nuevo-medio"><h2 id="nuevo-medio">Nuevo medio de pago</h2>
<form method="post" action="/app/medios-de-pago" novalidate><div class="form-grid">
<div><label for="pm-name">Nombre</label><input id="pm-name" name="name" required value="${values.name ?? ''}"${invalidAttrs(e, 'name', 'pm-name')}>${fieldError(e, 'name', 'pm-name')}</div>
<div><label for="pm-form">Forma de pago</label><select id="pm-form" name="form">${options(LISTS.paymentForms, values.form ?? '1')}</select></div>
<div><label for="pm-means">Medio de pago</label><select id="pm-means" name="means"${invalidAttrs(e, 'means', 'pm-means')}>${options(LISTS.paymentMeans, values.means ?? '10')}</select>${fieldError(e, 'means', 'pm-means')}</div>
<div><label for="pm-days">Días de plazo (crédito)</label><input id="pm-days" name="dueDays" inputmode="numeric" value="${values.dueDays ?? ''}"${invalidAttrs(e, 'dueDays', 'pm-days')}>${fieldError(e, 'dueDays', 'pm-days')}</div>
</div><p><button type="submit">Crear medio de pago</button></p></form></section>`
    : ''}`;
    return kit.render(c, 'configuracion', 'Medios de pago', body, status);
  };
  web.get('/app/medios-de-pago', (c) => paymentPage(c));
  web.post('/app/medios-de-pago', async (c) => {
    const form = await readForm(c);
    const values = { name: one(form, 'name'), form: one(form, 'form'), means: one(form, 'means'), dueDays: one(form, 'dueDays') };
    const days = values.dueDays === '' ? undefined : /^\d+$/.test(values.dueDays) ? Number(values.dueDays) : values.dueDays;
    const r = await kit.send(c, 'POST', '/v1/payment-methods', { name: values.name, form: values.form, means: values.means, ...(days !== undefined && { dueDays: days }) });
    if (r.ok) return c.redirect(withNotice('/app/medios-de-pago', { ok: `Medio de pago «${values.name}» creado.` }), 303);
    return paymentPage(c, errorSummary(r.message, r.issues, { name: 'pm-name', means: 'pm-means', dueDays: 'pm-days' }, { name: 'Nombre', means: 'Medio', dueDays: 'Días de plazo' }), values, fieldErrors(r.issues), 422);
  });
  web.post('/app/medios-de-pago/:id/eliminar', async (c) => {
    const r = await kit.send(c, 'DELETE', `/v1/payment-methods/${encodeURIComponent(c.req.param('id'))}`);
    return c.redirect(withNotice('/app/medios-de-pago', r.ok ? { ok: 'Medio de pago eliminado.' } : { error: r.message }), 303);
  });
}

