/**
 * DIAN code lists as form pickers (never free text), and the two small scripts the forms use:
 * the NIT check digit computed as you type, and the DANE department → municipality filter.
 * Without JavaScript every picker still works (the municipality list is grouped by department).
 */
import { html, raw } from 'hono/html';
import {
  allCountries,
  allCreditNoteConcepts,
  allDebitNoteConcepts,
  allDepartments,
  allFiscalRegimes,
  allIdentificationTypes,
  allMunicipalities,
  allPartyTaxSchemes,
  allPaymentMeans,
  allPaymentMethods,
  allProductStandardSchemes,
  allTaxResponsibilities,
  allTaxTypes,
  allUnitsOfMeasure,
  taxRates,
  type Municipality,
} from '../core/codelists/index.js';
import type { Html } from './layout.js';

/** A code and its label. */
export interface Choice {
  code: string;
  name: string;
}

/** `<option>`s for a list, `selected` marked; an optional empty first option. */
export function options(list: readonly Choice[], selected: string | readonly string[] | undefined, empty?: string): Html {
  const sel = new Set(typeof selected === 'string' ? [selected] : (selected ?? []));
  return html`${empty !== undefined ? html`<option value="">${empty}</option>` : ''}${list.map((x) => html`<option value="${x.code}"${sel.has(x.code) ? ' selected' : ''}>${x.code} · ${x.name}</option>`)}`;
}

/** DIAN lists used by the forms, in the order people look for them. */
export const LISTS = {
  identificationTypes: allIdentificationTypes() as readonly Choice[],
  personTypes: [
    { code: '1', name: 'Persona jurídica' },
    { code: '2', name: 'Persona natural' },
  ] as readonly Choice[],
  responsibilities: allTaxResponsibilities() as readonly Choice[],
  regimes: allFiscalRegimes() as readonly Choice[],
  partyTaxSchemes: allPartyTaxSchemes() as readonly Choice[],
  departments: allDepartments() as readonly Choice[],
  countries: allCountries() as readonly Choice[],
  paymentForms: allPaymentMethods() as readonly Choice[],
  paymentMeans: allPaymentMeans() as readonly Choice[],
  taxes: allTaxTypes().filter((t) => !t.withholding).map((t) => ({ code: t.code, name: t.name })) as readonly Choice[],
  withholdings: allTaxTypes().filter((t) => t.withholding).map((t) => ({ code: t.code, name: t.name })) as readonly Choice[],
  standardSchemes: allProductStandardSchemes() as readonly Choice[],
  creditNoteConcepts: allCreditNoteConcepts() as readonly Choice[],
  debitNoteConcepts: allDebitNoteConcepts() as readonly Choice[],
  documentKinds: [
    { code: 'invoice', name: 'Factura electrónica' },
    { code: 'credit-note', name: 'Nota crédito' },
    { code: 'debit-note', name: 'Nota débito' },
  ] as readonly Choice[],
};

/** Units people use most, listed first (the whole DIAN list follows). */
const COMMON_UNITS = ['94', 'NIU', 'KGM', 'GRM', 'LTR', 'MLT', 'MTR', 'MTK', 'HUR', 'DAY', 'MON', 'ZZ'];

/** Unit-of-measure picker: frequent units first, then DIAN's full list (table 13.3.6). */
export function unitOptions(selected: string): Html {
  const all = allUnitsOfMeasure();
  const common = COMMON_UNITS.map((c) => all.find((u) => u.code === c)).filter((u): u is (typeof all)[number] => u !== undefined);
  return html`<optgroup label="Frecuentes">${options(common, selected)}</optgroup><optgroup label="Todas las unidades (DIAN)">${options(all.filter((u) => !COMMON_UNITS.includes(u.code)), selected)}</optgroup>`;
}

/** Rates DIAN lists for a tax (e.g. IVA 0, 5, 19), for a datalist. */
export function rateSuggestions(): Html {
  return html`${LISTS.taxes.map((t) => {
    const rates = taxRates(t.code).filter((r) => r.percent !== null);
    return rates.length ? html`<datalist id="tarifas-${t.code}">${rates.map((r) => html`<option value="${String(Number(r.percent))}">${r.description}</option>`)}</datalist>` : '';
  })}`;
}

let municipalityGroups: Array<{ code: string; name: string; municipalities: Municipality[] }> | undefined;
function groups() {
  municipalityGroups ??= allDepartments().map((d) => ({ code: d.code, name: d.name, municipalities: allMunicipalities().filter((m) => m.departmentCode === d.code) }));
  return municipalityGroups;
}

/**
 * Department and municipality pickers (DANE, tables 13.4.2 / 13.4.3). The municipality select
 * holds every municipality grouped by department and is the value sent (`name`); the
 * department select narrows it down with the page script.
 */
export function danePicker(opts: { id: string; name: string; selected: string | undefined; required?: boolean; invalid?: Html; error?: Html }): Html {
  const dept = opts.selected?.slice(0, 2) ?? '';
  return html`<div class="dane">
<div><label for="${opts.id}-departamento">Departamento</label>
<select id="${opts.id}-departamento" data-departamento-de="${opts.id}">${options(LISTS.departments, dept, 'Todos los departamentos')}</select></div>
<div><label for="${opts.id}">Municipio (código DANE)</label>
<select id="${opts.id}" name="${opts.name}"${opts.required ? ' required' : ''} data-municipio="${opts.id}-departamento"${opts.invalid ?? ''}><option value="">Seleccione el municipio</option>${groups().map((g) => html`<optgroup label="${g.name}" data-dept="${g.code}">${g.municipalities.map((m) => html`<option value="${m.code}"${m.code === opts.selected ? ' selected' : ''}>${m.name} (${m.code})</option>`)}</optgroup>`)}</select>
${opts.error ?? ''}</div></div>`;
}

/**
 * NIT + DV inputs with the check digit computed and checked as you type. The server checks it
 * again (the API refuses a wrong DV). With `idTypeId`, the check runs only for NIT (type 31).
 */
export function nitDvFields(opts: { nitId: string; nitName: string; dvId: string; dvName: string; nit: string; dv: string; nitLabel?: string; idTypeId?: string; nitInvalid?: Html; dvInvalid?: Html; nitError?: Html; dvError?: Html; required?: boolean }): Html {
  return html`<div class="nit-dv">
<div><label for="${opts.nitId}">${opts.nitLabel ?? 'NIT (sin puntos ni DV)'}</label>
<input id="${opts.nitId}" name="${opts.nitName}" value="${opts.nit}" inputmode="${opts.idTypeId ? 'text' : 'numeric'}" autocomplete="off"${opts.required === false ? '' : ' required'} data-nit="${opts.dvId}"${opts.idTypeId ? html` data-tipo-id="${opts.idTypeId}"` : ''} aria-describedby="${opts.nitId}-dv-estado"${opts.nitInvalid ?? ''}>${opts.nitError ?? ''}</div>
<div><label for="${opts.dvId}">DV</label>
<input id="${opts.dvId}" name="${opts.dvName}" value="${opts.dv}" inputmode="numeric" maxlength="1" pattern="[0-9]" autocomplete="off" class="dv"${opts.dvInvalid ?? ''}>${opts.dvError ?? ''}</div>
<p id="${opts.nitId}-dv-estado" class="dv-estado muted" aria-live="polite"></p>
</div>`;
}

/** DIAN's NIT check digit, in the browser (same weights as core/identity/nit.ts). */
const FORM_SCRIPT = `<script>
(function(){
  var W=[3,7,13,17,19,23,29,37,41,43,47,53,59,67,71];
  function dv(n){if(!/^[0-9]{1,15}$/.test(n))return null;var s=0;for(var i=0;i<n.length;i++){s+=(n.charCodeAt(n.length-1-i)-48)*W[i];}var r=s%11;return String(r<=1?r:11-r);}
  document.querySelectorAll('input[data-nit]').forEach(function(nit){
    var dvIn=document.getElementById(nit.getAttribute('data-nit'));
    var status=document.getElementById(nit.id+'-dv-estado');
    var typeSel=nit.getAttribute('data-tipo-id')?document.getElementById(nit.getAttribute('data-tipo-id')):null;
    if(dvIn&&dvIn.value===''){dvIn.setAttribute('data-auto','1');}
    function check(fromDv){
      var isNit=!typeSel||typeSel.value==='31';
      var n=nit.value.trim();
      if(!isNit){status.textContent='';dvIn.removeAttribute('aria-invalid');return;}
      if(n===''){status.textContent='';return;}
      var e=dv(n);
      if(e===null){status.textContent='Escriba solo los dígitos del NIT, sin puntos, guiones ni DV.';status.className='dv-estado s-rejected';return;}
      if(!fromDv&&(dvIn.value===''||dvIn.getAttribute('data-auto')==='1')){dvIn.value=e;dvIn.setAttribute('data-auto','1');}
      if(dvIn.value===e){status.textContent='DV correcto: '+n+'-'+e;status.className='dv-estado s-accepted';dvIn.removeAttribute('aria-invalid');}
      else{status.textContent='El DV no corresponde al NIT '+n+': debería ser '+e+'.';status.className='dv-estado s-rejected';dvIn.setAttribute('aria-invalid','true');}
    }
    nit.addEventListener('input',function(){check(false);});
    dvIn.addEventListener('input',function(){dvIn.removeAttribute('data-auto');check(true);});
    if(typeSel){typeSel.addEventListener('change',function(){check(false);});}
    if(nit.value!==''){check(true);}
  });
  document.querySelectorAll('select[data-municipio]').forEach(function(m){
    var d=document.getElementById(m.getAttribute('data-municipio'));
    var groups={};m.querySelectorAll('optgroup').forEach(function(g){groups[g.getAttribute('data-dept')]=g.cloneNode(true);});
    var blank=m.querySelector('option[value=""]');blank=blank?blank.cloneNode(true):null;
    function apply(){var v=m.value;m.innerHTML='';if(blank){m.appendChild(blank.cloneNode(true));}
      (d.value?[d.value]:Object.keys(groups)).forEach(function(k){if(groups[k]){m.appendChild(groups[k].cloneNode(true));}});
      m.value=v;if(m.value!==v){m.value='';}}
    d.addEventListener('change',apply);
    m.addEventListener('change',function(){if(m.value){d.value=m.value.slice(0,2);}});
    if(d.value){apply();}
  });
})();
</script>`;

/** The form script (NIT check digit, DANE pickers); include once per page with such fields. */
export function formScript(): Html {
  return html`${raw(FORM_SCRIPT)}`;
}
