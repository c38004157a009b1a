/**
 * The committed `generated/` modules must equal what scripts/gen-codelists.ts renders from
 * ../shared/data today. Skipped, with a message, when ../shared is not checked out.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, GENERATED_DIR, renderCodelists, staleCodelists } from '../../../scripts/gen-codelists.js';

const haveShared = existsSync(DEFAULT_DATA_DIR);

describe.skipIf(!haveShared)('generated code lists', () => {
  it('are up to date with ../shared/data (run `npm run gen:codelists` if not)', () => {
    const rendered = renderCodelists(DEFAULT_DATA_DIR);
    expect(rendered.size).toBeGreaterThan(20);
    expect(staleCodelists(rendered, GENERATED_DIR)).toEqual([]);
  });
});

if (!haveShared) {
  describe('generated code lists', () => {
    it.skip(`skipped: ${DEFAULT_DATA_DIR} not found (../shared is not checked out); the committed files are used as they are`, () => undefined);
  });
}
