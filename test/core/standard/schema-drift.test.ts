/**
 * The hand-written model (FIELDS, enumerations) must say exactly what the official schema file says.
 */
import { describe, expect, it } from 'vitest';
import { FIELDS, STANDARD_VERSION } from '../../../src/core/standard/fields.js';
import { HAS_SHARED, SKIP_REASON, enumerationFromPattern, readSchema } from './validate-helpers.js';

describe.skipIf(!HAS_SHARED)(
  `FIELDS against schema-v1.0.1.json${HAS_SHARED ? '' : ` (${SKIP_REASON})`}`,
  () => {
    const schema = HAS_SHARED ? readSchema() : { version: '', primaryKey: '', fields: [] };

    it('has the schema version', () => {
      expect(schema.version).toBe(`v${STANDARD_VERSION}`);
    });

    it('has every field, in the same order', () => {
      expect(FIELDS.map((f) => f.name)).toEqual(schema.fields.map((f) => f.name));
    });

    it.each(schema.fields.map((f) => [f.name, f] as const))(
      '%s: type, required, unique, maxLength',
      (name, field) => {
        const ours = FIELDS.find((f) => f.name === name)!;
        expect(ours.type).toBe(field.type);
        expect(ours.required).toBe(field.constraints?.required ?? false);
        expect(ours.unique ?? false).toBe(field.constraints?.unique ?? field.name === schema.primaryKey);
        expect(ours.maxLength).toBe(field.constraints?.maxLength);
      },
    );

    it.each(schema.fields.map((f) => [f.name, f] as const))('%s: pattern verbatim', (name, field) => {
      const ours = FIELDS.find((f) => f.name === name)!;
      expect(ours.pattern).toBe(field.constraints?.pattern);
    });

    it.each(schema.fields.map((f) => [f.name, f] as const))(
      '%s: exact enumeration strings',
      (name, field) => {
        const ours = FIELDS.find((f) => f.name === name)!;
        const pattern = field.constraints?.pattern;
        const values = pattern ? enumerationFromPattern(pattern) : undefined;
        // The pattern, not the description, is the truth (the `services` description misspells
        // « Comprehension »).
        expect(ours.enumValues ? [...ours.enumValues] : undefined).toEqual(values);
        if (values) expect(ours.list).toBe(true);
      },
    );

    it('parses enumeration patterns with escaped parentheses', () => {
      expect(enumerationFromPattern('(?:(?:^|\\|)(A \\(b\\)|C))+$')).toEqual(['A (b)', 'C']);
      expect(enumerationFromPattern('^\\d{5}$')).toBeUndefined();
    });
  },
);
