import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { departementOf, resolveTarget, storeOptionsFromEnv, StoreError } from '../../src/store/index.js';
import { coordinateOf } from '../../src/store/columns.js';

describe('resolveTarget', () => {
  it('defaults to repere.sqlite in ./data, or in the given data folder', () => {
    expect(resolveTarget()).toEqual({ kind: 'sqlite', path: resolve('data', 'repere.sqlite') });
    expect(resolveTarget({ dataDir: '/var/lib/repere' })).toEqual({
      kind: 'sqlite',
      path: '/var/lib/repere/repere.sqlite',
    });
    expect(resolveTarget({ databaseUrl: '  ', dataDir: '/srv' })).toEqual({
      kind: 'sqlite',
      path: '/srv/repere.sqlite',
    });
  });

  it('reads sqlite: URLs, absolute or relative', () => {
    expect(resolveTarget({ databaseUrl: 'sqlite:///tmp/a.sqlite' })).toEqual({
      kind: 'sqlite',
      path: '/tmp/a.sqlite',
    });
    expect(resolveTarget({ databaseUrl: 'sqlite:/tmp/b.sqlite' })).toEqual({
      kind: 'sqlite',
      path: '/tmp/b.sqlite',
    });
    expect(resolveTarget({ databaseUrl: 'sqlite:rel/c.sqlite' })).toEqual({
      kind: 'sqlite',
      path: resolve('rel/c.sqlite'),
    });
  });

  it('reads PostgreSQL URLs, schema public unless told otherwise', () => {
    expect(resolveTarget({ databaseUrl: 'postgres://u@h:5432/db' })).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h:5432/db',
      schema: 'public',
    });
    expect(resolveTarget({ databaseUrl: 'postgresql://u@h/db', schema: 'repere' })).toMatchObject({
      schema: 'repere',
    });
  });

  it('refuses anything else without echoing a password', () => {
    let error: unknown;
    try {
      resolveTarget({ databaseUrl: 'mysql://root:hunter2@localhost/repere' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('config');
    expect((error as StoreError).message).not.toContain('hunter2');
    expect(() => resolveTarget({ databaseUrl: 'sqlite:' })).toThrow(StoreError);
  });
});

describe('storeOptionsFromEnv', () => {
  it('maps DATABASE_URL, DATA_DIR and DATABASE_SCHEMA, ignoring empty values', () => {
    expect(
      storeOptionsFromEnv({ DATABASE_URL: 'postgres://h/db', DATA_DIR: '/d', DATABASE_SCHEMA: 's' }),
    ).toEqual({
      databaseUrl: 'postgres://h/db',
      dataDir: '/d',
      schema: 's',
    });
    expect(storeOptionsFromEnv({ DATABASE_URL: '', DATA_DIR: undefined })).toEqual({});
  });
});

describe('departementOf', () => {
  it.each([
    [{ code_insee: '49007', code_postal: '49000' }, '49'],
    [{ code_insee: '2A004' }, '2A'],
    [{ code_insee: '2B033' }, '2B'],
    [{ code_insee: '97411' }, '974'],
    [{ code_insee: '98818' }, '988'],
    [{ code_postal: '20090' }, '2A'],
    [{ code_postal: '20200' }, '2B'],
    [{ code_postal: '97200' }, '972'],
    [{ code_postal: '01000' }, '01'],
    [{ code_insee: 'inconnu', code_postal: '75011' }, '75'],
  ])('%o → %s', (record, expected) => {
    expect(departementOf(record)).toBe(expected);
  });

  it('is undefined without a usable code', () => {
    expect(departementOf({ code_postal: '7501' })).toBeUndefined();
    expect(departementOf({})).toBeUndefined();
  });
});

describe('coordinateOf', () => {
  it('reads decimal text, with a comma too, and rejects the rest', () => {
    expect(coordinateOf('47.4736')).toBe(47.4736);
    expect(coordinateOf(' -0,5542 ')).toBe(-0.5542);
    expect(coordinateOf('')).toBeNull();
    expect(coordinateOf(undefined)).toBeNull();
    expect(coordinateOf('n/a')).toBeNull();
    expect(coordinateOf('Infinity')).toBeNull();
  });
});
