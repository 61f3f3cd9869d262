/** Recorded Géoplateforme answers served by a fake fetch, and a clock that never waits. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../../src/pipeline/geocode/index.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/geocode');

export function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

/** Time moves only when someone sleeps. */
export class FakeClock implements Clock {
  t = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

export interface Call {
  url: URL;
  method: string;
  body?: FormData;
  at: number;
}

type Reply = Response | (() => Response);

/**
 * A fetch that answers from a routing function and records every call. `route` gets the parsed URL
 * and returns the reply (a Response, or a function producing one each time).
 */
export function fakeFetch(route: (url: URL, init?: RequestInit) => Reply, clock?: FakeClock) {
  const calls: Call[] = [];
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    calls.push({
      url,
      method: init?.method ?? 'GET',
      ...(init?.body instanceof FormData ? { body: init.body } : {}),
      at: clock?.now() ?? 0,
    });
    const reply = route(url, init);
    return typeof reply === 'function' ? reply() : reply.clone();
  };
  return { fetch, calls };
}

export function json(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** The recorded answer for a query, by words it contains. */
export function byQuery(q: string): string {
  if (/toussaint/i.test(q)) return fixture('search-housenumber.json');
  if (/roi ren/i.test(q)) return fixture('search-street.json');
  if (/centre commercial/i.test(q)) return fixture('search-low-score.json');
  if (/r[ée]publique/i.test(q)) return fixture('search-other-commune.json');
  return fixture('search-empty.json');
}
