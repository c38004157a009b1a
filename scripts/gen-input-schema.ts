/**
 * Writes docs/input.schema.json (JSON Schema 2020-12) from the zod input contract, for
 * integrators who validate documents before calling Previa.
 *
 * Run: npx tsx scripts/gen-input-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { documentInputSchema } from '../src/core/input/schema.js';

const schema = z.toJSONSchema(documentInputSchema, { io: 'input', unrepresentable: 'any' });
const out = { $id: 'https://previa.example/schemas/document-input.json', title: 'Previa document input', ...schema };
writeFileSync(join(import.meta.dirname, '../docs/input.schema.json'), JSON.stringify(out, null, 2) + '\n');
console.log('docs/input.schema.json written');
