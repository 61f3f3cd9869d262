/** The record being repaired and the log of every change: one place where fields change. */
import type { Repair, RepairWarning } from './types.js';

export class RepairSession {
  readonly record: Record<string, string>;
  readonly repairs: Repair[] = [];
  readonly warnings: RepairWarning[] = [];

  constructor(input: Record<string, unknown>) {
    const copy: Record<string, string> = {};
    for (const [key, value] of Object.entries(input ?? {})) copy[key] = asText(value);
    this.record = copy;
  }

  get(field: string): string {
    return this.record[field] ?? '';
  }

  /** Sets a field and logs the change; a no-op when the value does not change. */
  set(field: string, after: string, rule: string, message: string): void {
    const before = this.get(field);
    if (before === after) return;
    if (after === '' && !(field in this.record)) return;
    this.record[field] = after;
    this.repairs.push({ field, before, after, rule, message });
  }

  warn(field: string, value: string, rule: string, message: string): void {
    this.warnings.push({ field, value, rule, message });
  }
}

/** A cell as text whatever the reader produced (JSON numbers, null…). */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** « value », shortened for messages. */
export function q(value: string): string {
  const v = value.length > 120 ? `${value.slice(0, 119)}…` : value;
  return `« ${v} »`;
}
