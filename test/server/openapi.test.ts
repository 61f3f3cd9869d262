/**
 * The OpenAPI 3.1 document is generated from the route schemas: it has the 3.1 shape, lists every API
 * route Fastify knows, documents the query module's parameters exactly, and its references resolve.
 * The docs page renders every operation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_PARAMS } from '../../src/core/query/index.js';
import { MAX_PAGE_SIZE } from '../../src/server/index.js';
import { getJson, startTestServer, type TestServer } from './helpers.js';

type Doc = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const TYPES = ['string', 'integer', 'number', 'boolean', 'array', 'object', 'null'];

/** Every problem found in `schema` (JSON Schema as OpenAPI 3.1 uses it). */
function schemaProblems(schema: unknown, at: string, doc: Doc, out: string[]): void {
  if (typeof schema !== 'object' || schema === null) {
    out.push(`${at}: schéma attendu`);
    return;
  }
  const s = schema as Doc;
  for (const key of Object.keys(s)) if (key.startsWith('x-')) out.push(`${at}: clé interne ${key}`);
  if (typeof s.$ref === 'string') {
    const target = s.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, part) => (node as Doc | undefined)?.[part], doc);
    if (!target) out.push(`${at}: référence ${s.$ref} introuvable`);
    return;
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    for (const t of types) if (!TYPES.includes(t as string)) out.push(`${at}: type ${String(t)}`);
  }
  if (s.enum !== undefined && (!Array.isArray(s.enum) || !s.enum.length)) out.push(`${at}: enum vide`);
  if (s.pattern !== undefined) {
    try {
      new RegExp(s.pattern as string, 'u');
    } catch {
      out.push(`${at}: pattern invalide`);
    }
  }
  if (s.items !== undefined) schemaProblems(s.items, `${at}.items`, doc, out);
  for (const [name, sub] of Object.entries((s.properties ?? {}) as Doc))
    schemaProblems(sub, `${at}.${name}`, doc, out);
  if (s.required !== undefined && !Array.isArray(s.required)) out.push(`${at}: required`);
}

/** An example must be an instance of its schema (type, enumeration, pattern, bounds). */
function exampleProblems(example: unknown, schema: Doc, at: string, out: string[]): void {
  if (schema.type === 'array') {
    if (!Array.isArray(example)) out.push(`${at}: exemple non tableau`);
    else for (const item of example) exampleProblems(item, schema.items as Doc, at, out);
    return;
  }
  const type = schema.type as string | undefined;
  if ((type === 'integer' || type === 'number') && typeof example !== 'number')
    out.push(`${at}: exemple non numérique`);
  if (type === 'integer' && !Number.isInteger(example)) out.push(`${at}: exemple non entier`);
  if (type === 'string' && typeof example !== 'string') out.push(`${at}: exemple non textuel`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(example))
    out.push(`${at}: exemple hors énumération`);
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(String(example))) {
    out.push(`${at}: exemple hors motif`);
  }
  if (typeof schema.maximum === 'number' && (example as number) > schema.maximum)
    out.push(`${at}: exemple trop grand`);
  if (typeof schema.minimum === 'number' && (example as number) < schema.minimum)
    out.push(`${at}: exemple trop petit`);
}

function documentProblems(doc: Doc): string[] {
  const out: string[] = [];
  if (doc.openapi !== '3.1.0') out.push('openapi');
  const info = doc.info as Doc | undefined;
  if (!info || typeof info.title !== 'string' || typeof info.version !== 'string') out.push('info');
  const paths = doc.paths as Record<string, Doc> | undefined;
  if (!paths || typeof paths !== 'object') return [...out, 'paths'];
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) out.push(`${path}: doit commencer par /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, op] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      if (!METHODS.includes(method)) out.push(`${at}: méthode`);
      const operation = op as Doc;
      const id = operation.operationId as string;
      if (!id || operationIds.has(id)) out.push(`${at}: operationId absent ou en double`);
      operationIds.add(id);
      if (typeof operation.summary !== 'string') out.push(`${at}: summary`);
      const params = (operation.parameters ?? []) as Doc[];
      const seen = new Set<string>();
      for (const p of params) {
        const key = `${String(p.in)}:${String(p.name)}`;
        if (seen.has(key)) out.push(`${at}: paramètre ${key} en double`);
        seen.add(key);
        if (!['query', 'path', 'header', 'cookie'].includes(p.in as string)) out.push(`${at}: in`);
        if (p.in === 'path' && p.required !== true) out.push(`${at}: ${String(p.name)} doit être required`);
        schemaProblems(p.schema, `${at} ${String(p.name)}`, doc, out);
        if (p.example !== undefined)
          exampleProblems(p.example, p.schema as Doc, `${at} ${String(p.name)}`, out);
      }
      for (const name of templated) {
        if (!params.some((p) => p.in === 'path' && p.name === name)) out.push(`${at}: {${name}} non déclaré`);
      }
      const responses = operation.responses as Record<string, Doc> | undefined;
      if (!responses || !Object.keys(responses).length) out.push(`${at}: responses`);
      for (const [status, response] of Object.entries(responses ?? {})) {
        if (!/^[1-5]\d\d$/.test(status)) out.push(`${at}: statut ${status}`);
        if (typeof response.description !== 'string') out.push(`${at} ${status}: description`);
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Doc>)) {
          schemaProblems(media.schema, `${at} ${status} ${type}`, doc, out);
        }
      }
    }
  }
  for (const [name, schema] of Object.entries(((doc.components as Doc | undefined)?.schemas ?? {}) as Doc)) {
    schemaProblems(schema, `components.schemas.${name}`, doc, out);
  }
  return out;
}

describe('OpenAPI document and docs page', () => {
  let server: TestServer;
  let doc: Doc;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { count: 30 });
    doc = (await getJson<Doc>(server.app, '/api/v1/openapi.json')).body;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has the OpenAPI 3.1 shape, with resolvable references', () => {
    expect(documentProblems(doc)).toEqual([]);
    expect(doc.jsonSchemaDialect).toBe('https://spec.openapis.org/oas/3.1/dialect/base');
    expect((doc.components as Doc).schemas).toHaveProperty('Probleme');
    expect((doc.components as Doc).schemas).toHaveProperty('LieuResume');
  });

  it('the shape check itself catches a broken document', () => {
    const broken = structuredClone(doc) as Doc;
    const paths = broken.paths as Record<string, Record<string, Doc>>;
    delete paths['/api/v1/lieux/{id}']!.get!.parameters;
    (paths['/api/v1/lieux']!.get!.responses as Doc)['200'] = {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Absent' } } },
    };
    const limit = (paths['/api/v1/lieux']!.get!.parameters as Doc[]).find((p) => p.name === 'limit')!;
    limit.example = '20';
    const problems = documentProblems(broken);
    expect(problems.some((p) => p.includes('limit: exemple non numérique'))).toBe(true);
    expect(problems.some((p) => p.includes('{id} non déclaré'))).toBe(true);
    expect(problems.some((p) => p.includes('Absent'))).toBe(true);
    expect(problems.some((p) => p.includes('description'))).toBe(true);
  });

  it('lists every API route the server has', () => {
    // printRoutes draws a tree: rebuild each full path from its indentation.
    const stack: string[] = [];
    const routes: string[] = [];
    for (const line of server.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /^([\s│]*)[├└]── (\S+) \(([^)]*)\)/.exec(line);
      if (!m) continue;
      const depth = Math.round(m[1]!.length / 4);
      stack.length = depth;
      const path = (stack[depth - 1] ?? '') + m[2]!;
      stack[depth] = path;
      if (m[3]!.split(', ').includes('GET') && (path.startsWith('/api/v1/') || path.startsWith('/health'))) {
        routes.push(path.replace(/:([A-Za-z_]\w*)/g, '{$1}'));
      }
    }
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const documented = Object.keys(doc.paths as Doc);
    for (const route of routes) expect(documented, route).toContain(route);
  });

  it('documents exactly the query module’s parameters on the list, with the hard page maximum', () => {
    const op = (doc.paths as Record<string, Record<string, Doc>>)['/api/v1/lieux']!.get!;
    const params = op.parameters as Array<{
      name: string;
      in: string;
      schema: Doc;
      example?: unknown;
      style?: string;
    }>;
    expect(params.map((p) => p.name)).toEqual(QUERY_PARAMS.map((d) => d.name));
    for (const d of QUERY_PARAMS) {
      const p = params.find((x) => x.name === d.name)!;
      const one = (d.list ? p.schema.items : p.schema) as Doc;
      if (d.values) expect(one.enum, d.name).toEqual([...d.values]);
      if (d.pattern) {
        expect(one.pattern, d.name).toBe(d.pattern);
        expect(new RegExp(d.pattern).test(d.example), d.name).toBe(true);
      }
      if (d.list) expect(p.style, d.name).toBe('form');
    }
    const limit = params.find((p) => p.name === 'limit')!;
    expect(limit.schema.maximum).toBe(MAX_PAGE_SIZE);
    const exportOp = (doc.paths as Record<string, Record<string, Doc>>)['/api/v1/export']!.get!;
    const exportNames = (exportOp.parameters as Array<{ name: string }>).map((p) => p.name);
    expect(exportNames).toContain('format');
    expect(exportNames).not.toContain('limit');
  });

  it('problem responses are documented with the problem+json media type', () => {
    const op = (doc.paths as Record<string, Record<string, Doc>>)['/api/v1/lieux']!.get!;
    const bad = (op.responses as Record<string, Doc>)['400']!;
    expect(bad.content).toHaveProperty(['application/problem+json']);
  });

  it('the docs page is self-contained HTML listing every operation and error kind', async () => {
    const response = await server.app.inject({ url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.body;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    for (const item of Object.values(doc.paths as Record<string, Record<string, Doc>>)) {
      for (const op of Object.values(item)) expect(html).toContain(`id="${String(op.operationId)}"`);
    }
    for (const kind of ['parametres-invalides', 'introuvable', 'trop-de-requetes', 'indisponible']) {
      expect(html).toContain(`id="erreur-${kind}"`);
    }
    expect(html).toContain('services');
    expect(html).toContain('Aide aux démarches administratives');
  });
});
