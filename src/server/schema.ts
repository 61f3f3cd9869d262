/**
 * Route schemas are the single source of truth for request validation AND the OpenAPI document.
 *
 * The filter parameters' schemas are generated from the query module's descriptors (`QUERY_PARAMS`),
 * and the validator compiled from a route's querystring schema hands those parameters to the query
 * module's own parser (`parseQueryParams`): the API, the front end's URLs and the docs cannot disagree.
 * Route-specific parameters (`format`, `niveau`, `zoom`…) are plain JSON-schema properties checked by a
 * small validator with French messages. Either way a bad request gets every problem at once.
 */
import type { FastifySchemaCompiler } from 'fastify';
import { QUERY_PARAMS, parseQueryParams } from '../core/query/index.js';
import type { Query, QueryParamDescriptor } from '../core/query/index.js';
import { foldName } from '../core/geo/index.js';
import { ParamsError, type ParamProblem } from './problem.js';

/** The subset of JSON Schema (2020-12) used by routes; also valid in OpenAPI 3.1. */
export interface JsonSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null' | Array<string>;
  description?: string;
  enum?: readonly (string | number)[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  examples?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  format?: string;
  const?: unknown;
  /** Name under `components.schemas` in the OpenAPI document (the generator turns it into a `$ref`). */
  'x-name'?: string;
  /** This query parameter is a filter parsed by the query module. */
  'x-filter'?: true;
}

export interface QuerystringSchema extends JsonSchema {
  type: 'object';
  properties: Record<string, JsonSchema>;
  /** Largest `limit` accepted on this route (the list's hard maximum page size). */
  'x-max-limit'?: number;
}

/** Parsed querystring of a route: the filters as a `Query`, and the route's own parameters typed. */
export interface ParsedQuerystring {
  filters: Query;
  [name: string]: unknown;
}

function descriptorSchema(d: QueryParamDescriptor, maxLimit?: number): JsonSchema {
  const one: JsonSchema = { type: d.type === 'boolean' ? 'string' : d.type };
  if (d.values) one.enum = d.values;
  if (d.pattern) one.pattern = d.pattern;
  if (d.maxLength !== undefined) one.maxLength = d.maxLength;
  if (d.minimum !== undefined) one.minimum = d.minimum;
  if (d.maximum !== undefined)
    one.maximum = d.name === 'limit' && maxLimit !== undefined ? maxLimit : d.maximum;
  // Examples typed as the parameter is (the descriptors give them as query-string text).
  const example = d.type === 'integer' || d.type === 'number' ? Number(d.example) : d.example;
  const description =
    d.type === 'boolean'
      ? `${d.description} Valeurs : oui ou non (true/false et 1/0 acceptés).`
      : d.description;
  if (d.list) {
    return {
      type: 'array',
      items: one,
      description,
      examples: [[example]],
      'x-filter': true,
    };
  }
  return { ...one, description, examples: [example], 'x-filter': true };
}

/**
 * Schemas of the query module's filter parameters, by name. `only` restricts them (e.g. no `limit` on
 * exports), `except` removes some; `maxLimit` documents the route's hard page-size maximum.
 */
export function filterProperties(
  options: { only?: readonly string[]; except?: readonly string[]; maxLimit?: number } = {},
): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const d of QUERY_PARAMS) {
    if (options.only && !options.only.includes(d.name)) continue;
    if (options.except?.includes(d.name)) continue;
    out[d.name] = descriptorSchema(d, options.maxLimit);
  }
  return out;
}

export function querystring(
  properties: Record<string, JsonSchema>,
  extra: { required?: string[]; maxLimit?: number } = {},
): QuerystringSchema {
  const schema: QuerystringSchema = { type: 'object', properties, additionalProperties: false };
  if (extra.required?.length) schema.required = extra.required;
  if (extra.maxLimit !== undefined) schema['x-max-limit'] = extra.maxLimit;
  return schema;
}

type RawValue = string | string[] | undefined;

function values(raw: RawValue): string[] {
  if (raw === undefined) return [];
  return (typeof raw === 'string' ? [raw] : raw).map((v) => v.trim()).filter((v) => v !== '');
}

const folded = (value: string) => foldName(value, { expand: false });

/** Checks one value of a route's own parameter; returns the typed value or pushes a problem. */
function checkValue(name: string, text: string, schema: JsonSchema, errors: ParamProblem[]): unknown {
  const fail = (message: string) => {
    errors.push({ param: name, value: text, message });
    return undefined;
  };
  if (schema.enum) {
    const allowed = schema.enum.map(String);
    const match = allowed.find((v) => folded(v) === folded(text));
    if (match === undefined) {
      return fail(
        `Valeur inconnue pour « ${name} » : « ${text} ». Valeurs acceptées : ${allowed.join(', ')}.`,
      );
    }
    return schema.type === 'integer' || schema.type === 'number' ? Number(match) : match;
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    const normalized = text.replace(',', '.');
    const pattern = schema.type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
    const value = Number(normalized);
    const range =
      schema.minimum !== undefined && schema.maximum !== undefined
        ? ` entre ${schema.minimum} et ${schema.maximum}`
        : schema.minimum !== undefined
          ? ` supérieur ou égal à ${schema.minimum}`
          : '';
    const what = schema.type === 'integer' ? 'un nombre entier' : 'un nombre';
    if (
      !pattern.test(normalized) ||
      (schema.minimum !== undefined && value < schema.minimum) ||
      (schema.maximum !== undefined && value > schema.maximum)
    ) {
      return fail(
        `« ${name} » attendu : ${what}${range}${schema.examples ? `, par exemple ${String(schema.examples[0])}` : ''}.`,
      );
    }
    return value;
  }
  if (schema.maxLength !== undefined && text.length > schema.maxLength) {
    return fail(`« ${name} » est limité à ${schema.maxLength} caractères.`);
  }
  if (schema.minLength !== undefined && text.length < schema.minLength) {
    return fail(`« ${name} » doit contenir au moins ${schema.minLength} caractères.`);
  }
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(text)) {
    return fail(
      `« ${name} » n’a pas la forme attendue${schema.examples ? ` (par exemple ${String(schema.examples[0])})` : ''}.`,
    );
  }
  return text;
}

/** Validates a route's own (non-filter) parameter; lists are `|`-separated or repeated. */
function checkParam(name: string, raw: RawValue, schema: JsonSchema, errors: ParamProblem[]): unknown {
  const given = values(raw);
  if (schema.type === 'array') {
    const items = given.flatMap((v) =>
      v
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    const out: unknown[] = [];
    for (const item of items) {
      const value = checkValue(name, item, schema.items ?? {}, errors);
      if (value !== undefined && !out.includes(value)) out.push(value);
    }
    return out.length ? out : undefined;
  }
  if (given.length > 1) {
    errors.push({
      param: name,
      value: given.join('|'),
      message: `Le paramètre « ${name} » ne peut être donné qu’une seule fois.`,
    });
    return undefined;
  }
  return given.length ? checkValue(name, given[0]!, schema, errors) : undefined;
}

function missing(name: string, schema: JsonSchema): ParamProblem {
  const example = schema.examples?.[0];
  const text = Array.isArray(example) ? example.join('|') : example;
  return {
    param: name,
    value: '',
    message: `Le paramètre « ${name} » est obligatoire${text !== undefined ? `, par exemple ${name}=${String(text)}` : ''}.`,
  };
}

function compileQuerystring(schema: QuerystringSchema) {
  const properties = schema.properties;
  const names = Object.keys(properties);
  const filterNames = new Set(names.filter((n) => properties[n]!['x-filter']));
  const ownNames = names.filter((n) => !filterNames.has(n));
  const required = schema.required ?? [];
  const maxLimit = schema['x-max-limit'];
  return (data: unknown) => {
    const raw = (data ?? {}) as Record<string, RawValue>;
    const errors: ParamProblem[] = [];
    const filters: Record<string, RawValue> = {};
    for (const name of Object.keys(raw)) {
      if (filterNames.has(name)) filters[name] = raw[name];
      else if (!(name in properties)) {
        const value = raw[name];
        errors.push({
          param: name,
          value: typeof value === 'string' ? value : (value ?? []).join('|'),
          message: names.length
            ? `Paramètre inconnu « ${name} ». Paramètres acceptés ici : ${names.join(', ')}.`
            : `Paramètre inconnu « ${name} » : cette adresse n’accepte aucun paramètre.`,
        });
      }
    }
    const value: ParsedQuerystring = { filters: {} };
    if (filterNames.size) {
      const parsed = parseQueryParams(filters, maxLimit !== undefined ? { maxLimit } : {});
      if (parsed.ok) value.filters = parsed.query;
      else errors.push(...parsed.errors);
      for (const name of required) {
        if (filterNames.has(name) && !values(raw[name]).length) errors.push(missing(name, properties[name]!));
      }
    }
    for (const name of ownNames) {
      const typed = checkParam(name, raw[name], properties[name]!, errors);
      if (typed !== undefined) value[name] = typed;
      else if (required.includes(name) && !errors.some((e) => e.param === name)) {
        errors.push(missing(name, properties[name]!));
      }
    }
    return errors.length ? { error: new ParamsError(errors) } : { value };
  };
}

function compileParams(schema: JsonSchema) {
  const properties = schema.properties ?? {};
  return (data: unknown) => {
    const raw = (data ?? {}) as Record<string, string>;
    const errors: ParamProblem[] = [];
    const value: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(properties)) {
      const typed = checkValue(name, raw[name] ?? '', property, errors);
      if (typed !== undefined) value[name] = typed;
    }
    return errors.length ? { error: new ParamsError(errors) } : { value };
  };
}

/** Fastify validator compiler: querystrings through the query codec, path parameters through `checkValue`. */
export const validatorCompiler: FastifySchemaCompiler<JsonSchema> = ({ schema, httpPart }) => {
  if (httpPart === 'querystring') return compileQuerystring(schema as QuerystringSchema);
  if (httpPart === 'params') return compileParams(schema);
  // No route takes a body or validates headers: accept as is.
  return () => true;
};
