/**
 * Conformance generated from the official schema file: for every field with a pattern or an
 * enumeration, valid and invalid values are generated and Repère must judge them exactly as the
 * schema's own regular expression does — except the deliberate deviations, each of which must be
 * listed in DELIBERATE_DEVIATIONS, and each listed one must really happen.
 */
import { describe, expect, it } from 'vitest';
import {
  DELIBERATE_DEVIATIONS,
  type DeviationKind,
  validateRecord,
} from '../../../src/core/standard/validate.js';
import {
  BASE_NOW,
  HAS_SHARED,
  SKIP_REASON,
  enumerationFromPattern,
  readSchema,
  validBaseRecord,
  type SchemaField,
} from './validate-helpers.js';

type Verdict = 'accepts' | 'rejects';

function repereVerdict(field: string, value: string): Verdict {
  const record = { ...validBaseRecord(), [field]: value };
  const issues = validateRecord(record, { line: 2, now: BASE_NOW });
  return issues.some((i) => i.severity === 'error' && i.field === field) ? 'rejects' : 'accepts';
}

const stripAccents = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Values for an enumerated list: every value, combinations, and the usual ways to get it wrong. */
function enumCandidates(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    out.add(v);
    out.add(`${v}|${v}`);
    out.add(v.toLowerCase());
    out.add(v.toUpperCase());
    out.add(stripAccents(v));
    out.add(v.normalize('NFD'));
    out.add(` ${v}`);
    out.add(`${v} `);
    out.add(`${v}|`);
    out.add(`|${v}`);
    out.add(`||${v}`);
    out.add(`garbage${v}`);
    out.add(`garbage|${v}`);
    out.add(`${v}garbage`);
    out.add(`${v}\n`);
    out.add(`${v}.`);
    if (v.includes('.')) out.add(v.replace('.', 'x'));
    if (v.includes(' ')) out.add(v.replace(' ', '  '));
    if (v.includes(' ')) out.add(v.replace(' ', '-'));
    for (const w of values) {
      out.add(`${v}|${w}`);
      if (w === v) continue;
      out.add(`${v} | ${w}`);
      out.add(`${v} |${w}`);
      out.add(`${v}| ${w}`);
      out.add(`${v}||${w}`);
      out.add(`${v};${w}`);
      out.add(`${v},${w}`);
    }
  }
  out.add(values.join('|'));
  out.add([...values].reverse().join('|'));
  out.add(`${values.join('|')}|`);
  for (const odd of ['|', '||', ' ', '  |  ', 'Autre', 'N/A', '-', '0', 'null', 'true']) out.add(odd);
  return [...out];
}

const PATTERN_CANDIDATES: Record<string, string[]> = {
  pivot: [
    '43493312300029',
    '434933123',
    '43493312',
    '434933123000291',
    '4349331230002',
    'W123456789',
    'w12345678',
    'W12345678901234',
    '00000000000000',
    '1234567A',
    '123456789ABCDE',
    '434 933 123 00029',
    '434.933.123.00029',
    '434933123-00029',
    ' 43493312300029',
    '43493312300029 ',
    'é3493312300029',
    '43493312300029\n',
    '１２３４５６７８９',
    'RIDET1234',
  ],
  code_postal: [
    '75001',
    '05000',
    '97400',
    '98800',
    '00000',
    '7500',
    '750011',
    ' 75001',
    '75001 ',
    '75 001',
    '7500A',
    '2A004',
    '75001\n',
    '٧٥٠٠١',
    'F-75001',
    '75001.0',
  ],
  code_insee: [
    '75056',
    '51454',
    '2A004',
    '2B033',
    '20004',
    '21231',
    '2C004',
    '2a004',
    '97411',
    '98818',
    '00123',
    '01001',
    '1A001',
    '7505',
    '750561',
    '75056 ',
    ' 75056',
    '75 056',
    'ABCDE',
    '2A-004',
    '0?123',
  ],
  telephone: [
    '+33180059880',
    '0180059880',
    '01 80 05 98 80',
    '+33 1 80 05 98 80',
    '+33 (0)1 80 05 98 80',
    '0033180059880',
    '+330180059880',
    '+3318005988a',
    '+33180059880\n',
    ' +33180059880',
    '+33.1.80.05.98.80',
    '+1 555 0100',
    '+15550100123',
    '+33180059880|+33180059881',
    '+33180059880 / +33180059881',
    ...['+33', '+590', '+594', '+262', '+596', '+269', '+687', '+689', '+508', '+681'].flatMap((code) =>
      [5, 6, 7, 8, 9, 10].map((n) => code + '123456789012'.slice(0, n)),
    ),
  ],
};

/** Table Schema `number` lexical space (with NaN, INF, -INF), no constraints in this schema. */
const TABLE_SCHEMA_NUMBER = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|NaN|INF|-INF)$/;

describe.skipIf(!HAS_SHARED)(
  `conformance with schema-v1.0.1.json${HAS_SHARED ? '' : ` (${SKIP_REASON})`}`,
  () => {
    const schema = HAS_SHARED ? readSchema() : { version: '', primaryKey: '', fields: [] as SchemaField[] };
    const patterned = schema.fields.filter((f) => f.constraints?.pattern);
    const enumerated = patterned.filter((f) => enumerationFromPattern(f.constraints!.pattern!));
    const plain = patterned.filter((f) => !enumerationFromPattern(f.constraints!.pattern!));
    const deviationKinds = new Set(DELIBERATE_DEVIATIONS.map((d) => d.kind));
    const kindsSeen = new Set<DeviationKind>();

    it('covers every patterned field of the schema', () => {
      expect(plain.map((f) => f.name).sort()).toEqual(Object.keys(PATTERN_CANDIDATES).sort());
      expect(enumerated.length).toBe(9);
    });

    describe.each(plain.map((f) => [f.name, f] as const))(
      '%s: Repère judges exactly as the schema regex',
      (name, field) => {
        const regex = new RegExp(field.constraints!.pattern!, 'u');
        it.each(PATTERN_CANDIDATES[name]!.map((v) => [JSON.stringify(v), v] as const))(
          '%s',
          (_label, value) => {
            const expected: Verdict = regex.test(value) ? 'accepts' : 'rejects';
            expect(repereVerdict(name, value)).toBe(expected);
          },
        );
      },
    );

    describe.each(enumerated.map((f) => [f.name, f] as const))('%s (enumeration)', (name, field) => {
      const pattern = field.constraints!.pattern!;
      const raw = new RegExp(pattern, 'u');
      const anchored = new RegExp(`^(?:${pattern})$`, 'u');
      const allowed = new Set(enumerationFromPattern(pattern)!);
      const candidates = enumCandidates([...allowed]);

      /** Every item, separated by `|`, exactly one of the schema's values: what Repère promises. */
      const strict = (value: string): Verdict =>
        value.split('|').every((item) => allowed.has(item)) ? 'accepts' : 'rejects';

      /** Why the raw regex and Repère disagree on `value` (none when nothing explains it). */
      const explain = (value: string): DeviationKind | undefined => {
        if (raw.test(value) && !anchored.test(value)) return 'enum-end-anchored';
        if (anchored.test(value) && value.startsWith('|')) return 'enum-leading-separator';
        const wildcard = [...allowed].filter((a) => a.includes('.'));
        const items = value.split('|');
        if (
          anchored.test(value) &&
          items.some(
            (item) =>
              !allowed.has(item) &&
              wildcard.some((a) => new RegExp(`^${escapeRegex(a).replace(/\\\./g, '.')}$`, 'u').test(item)),
          )
        ) {
          return 'enum-unescaped-dot';
        }
        return undefined;
      };

      it(`Repère accepts exactly the lists of allowed values (${candidates.length} generated values)`, () => {
        const wrong = candidates.filter((v) => repereVerdict(name, v) !== strict(v));
        expect(wrong).toEqual([]);
      });

      it('every disagreement with the schema regex is a listed deviation', () => {
        const unexplained: string[] = [];
        for (const value of candidates) {
          const schemaVerdict: Verdict = raw.test(value) ? 'accepts' : 'rejects';
          if (schemaVerdict === repereVerdict(name, value)) continue;
          const kind = explain(value);
          if (kind && deviationKinds.has(kind)) kindsSeen.add(kind);
          else unexplained.push(value);
        }
        expect(unexplained).toEqual([]);
      });

      it('the raw regex is only anchored at the end: a prefix needs a `|` to slip through', () => {
        const first = [...allowed][0]!;
        expect(raw.test(`garbage${first}`)).toBe(false);
        expect(raw.test(`garbage|${first}`)).toBe(true);
        expect(repereVerdict(name, `garbage|${first}`)).toBe('rejects');
      });
    });

    describe('DELIBERATE_DEVIATIONS', () => {
      it.each(
        DELIBERATE_DEVIATIONS.map((d) => [`${d.kind}: ${d.field} ${JSON.stringify(d.example)}`, d] as const),
      )('%s behaves as documented', (_label, d) => {
        const field = schema.fields.find((f) => f.name === d.field)!;
        expect(field).toBeDefined();
        const pattern = field.constraints?.pattern;
        let schemaVerdict: Verdict;
        if (pattern) schemaVerdict = new RegExp(pattern, 'u').test(d.example) ? 'accepts' : 'rejects';
        else if (field.type === 'number')
          schemaVerdict = TABLE_SCHEMA_NUMBER.test(d.example) ? 'accepts' : 'rejects';
        else schemaVerdict = field.constraints?.required && d.example === '' ? 'rejects' : 'accepts';
        expect(schemaVerdict).toBe(d.schema);
        expect(repereVerdict(d.field, d.example)).toBe(d.repere);
        expect(d.schema).not.toBe(d.repere);
        expect(d.reason.length).toBeGreaterThan(20);
      });

      it('lists no kind of deviation that the generated values never produce', () => {
        // Kinds met in enumeration sweeps above, plus the non-pattern kinds checked by their examples.
        const sweepKinds = new Set(
          DELIBERATE_DEVIATIONS.filter((d) => d.kind.startsWith('enum-')).map((d) => d.kind),
        );
        expect([...kindsSeen].sort()).toEqual([...sweepKinds].sort());
      });
    });
  },
);
