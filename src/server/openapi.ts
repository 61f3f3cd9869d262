/**
 * OpenAPI 3.1 document generated from the routes' own schemas (collected as Fastify registers them):
 * what is validated is what is documented. Schemas marked `x-name` become `components.schemas` entries
 * referenced with `$ref`; internal markers are removed.
 */
import type { RouteOptions } from 'fastify';
import type { JsonSchema } from './schema.js';

export interface RouteDoc {
  summary: string;
  description?: string;
  tags?: string[];
  operationId: string;
  querystring?: JsonSchema;
  params?: JsonSchema;
  response?: Record<string, ResponseDoc>;
  /** Not part of the public API document (static files, fallbacks). */
  hide?: boolean;
}

export interface ResponseDoc {
  description: string;
  content?: Record<string, { schema: JsonSchema; example?: unknown }>;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

export interface CollectedRoute {
  method: string;
  url: string;
  schema: RouteDoc;
}

/** Collects documented routes as they are registered (call before registering them). */
export function collectRoutes(routes: CollectedRoute[]): (options: RouteOptions) => void {
  return (options) => {
    const schema = options.schema as RouteDoc | undefined;
    if (!schema?.operationId || schema.hide) return;
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method: method.toLowerCase(), url: options.url, schema });
    }
  };
}

const INTERNAL_KEYS = new Set(['x-name', 'x-filter', 'x-max-limit']);

class Components {
  readonly schemas: Record<string, unknown> = {};

  /** A clean copy of `schema`, named sub-schemas replaced by references. */
  convert(schema: JsonSchema, top = true): unknown {
    const name = schema['x-name'];
    if (name && !top) {
      if (!(name in this.schemas)) {
        this.schemas[name] = {}; // reserve: recursive references terminate
        this.schemas[name] = this.convert(schema, true);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) {
      if (INTERNAL_KEYS.has(key)) continue;
      if (key === 'properties' && value) {
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, this.convert(v, false)]),
        );
      } else if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object') {
        out[key] = this.convert(value as JsonSchema, false);
      } else if (key === 'oneOf' && Array.isArray(value)) {
        out.oneOf = (value as JsonSchema[]).map((v) => this.convert(v, false));
      } else out[key] = value;
    }
    return out;
  }

  ref(schema: JsonSchema): unknown {
    return schema['x-name'] ? this.convert(schema, false) : this.convert(schema, true);
  }
}

function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  serverUrl: string;
}

/** The OpenAPI 3.1 document of the collected routes. */
export function buildOpenApi(routes: readonly CollectedRoute[], info: OpenApiInfo): Record<string, unknown> {
  const components = new Components();
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const { method, url, schema } of [...routes].sort((a, b) =>
    a.url < b.url ? -1 : a.url > b.url ? 1 : 0,
  )) {
    const parameters: unknown[] = [];
    for (const [name, property] of Object.entries(schema.params?.properties ?? {})) {
      parameters.push({
        name,
        in: 'path',
        required: true,
        description: property.description,
        schema: components.convert(property),
      });
    }
    const query = schema.querystring;
    for (const [name, property] of Object.entries(query?.properties ?? {})) {
      const parameter: Record<string, unknown> = {
        name,
        in: 'query',
        required: query?.required?.includes(name) ?? false,
        description: property.description,
        schema: components.convert(property),
      };
      if (property.type === 'array') {
        parameter.style = 'form';
        parameter.explode = true;
      }
      if (property.examples?.length) parameter.example = property.examples[0];
      parameters.push(parameter);
    }
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(schema.response ?? {})) {
      const out: Record<string, unknown> = { description: response.description };
      if (response.content) {
        out.content = Object.fromEntries(
          Object.entries(response.content).map(([type, media]) => [
            type,
            {
              schema: components.ref(media.schema),
              ...(media.example !== undefined ? { example: media.example } : {}),
            },
          ]),
        );
      }
      if (response.headers) {
        out.headers = Object.fromEntries(
          Object.entries(response.headers).map(([h, d]) => [
            h,
            { description: d.description, schema: d.schema },
          ]),
        );
      }
      responses[status] = out;
    }
    for (const tag of schema.tags ?? []) tags.add(tag);
    paths[openApiPath(url)] ??= {};
    paths[openApiPath(url)]![method] = {
      operationId: schema.operationId,
      summary: schema.summary,
      ...(schema.description ? { description: schema.description } : {}),
      ...(schema.tags ? { tags: schema.tags } : {}),
      ...(parameters.length ? { parameters } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: info.title,
      version: info.version,
      description: info.description,
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: info.serverUrl }],
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: { schemas: components.schemas },
  };
}
