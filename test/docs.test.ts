import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('generated documentation is current', () => {
  it('docs/rules.md matches the rule catalog (npm run gen:rules-doc)', () => {
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-rules-doc.ts', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });
});
