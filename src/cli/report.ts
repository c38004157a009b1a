import type { InputIssue } from '../core/input/parse.js';
import type { ValidationReport } from '../core/rules/types.js';

/** Human-readable (Spanish) rendering of a rule report. */
export function formatReport(report: ValidationReport): string {
  const out: string[] = [];
  for (const i of report.issues) {
    const label = i.severity === 'rejection' ? 'Rechazo' : 'Notificación';
    out.push(`${label} ${i.ruleId} ${i.path}\n  ${i.message}`);
  }
  const rejections = report.issues.filter((i) => i.severity === 'rejection').length;
  const notifications = report.issues.length - rejections;
  if (report.skipped.length > 0) {
    out.push(`Reglas no evaluadas por falta de datos (clave técnica, PIN, rangos o fecha de envío): ${report.skipped.join(', ')}`);
  }
  out.push(
    report.ok
      ? `Resultado: SIN RECHAZOS (${notifications} notificaciones)`
      : `Resultado: RECHAZADO (${rejections} rechazos, ${notifications} notificaciones)`,
  );
  return out.join('\n');
}

/** Human-readable (Spanish) rendering of input problems. */
export function formatInputIssues(issues: InputIssue[]): string {
  const lines = issues.map((i) => `Error en ${i.path}${i.ruleId ? ` (regla ${i.ruleId})` : ''}: ${i.message}`);
  lines.push(`Resultado: ENTRADA INVÁLIDA (${issues.length} ${issues.length === 1 ? 'error' : 'errores'})`);
  return lines.join('\n');
}
