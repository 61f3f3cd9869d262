import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '../../src/server/security.js';

describe('security headers', () => {
  it('the CSP lets the map style’s origin in for images, fonts and fetches, and nothing else', () => {
    const without = contentSecurityPolicy([]);
    const withStyle = contentSecurityPolicy(['https://tiles.example.org']);
    expect(without).not.toContain('tiles.example.org');
    const directive = (csp: string, name: string) =>
      csp
        .split(';')
        .find((d) => d.startsWith(`${name} `))
        ?.split(' ')
        .slice(1);
    expect(directive(withStyle, 'img-src')).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://tiles.example.org',
    ]);
    expect(directive(withStyle, 'font-src')).toEqual(["'self'", 'data:', 'https://tiles.example.org']);
    expect(directive(withStyle, 'connect-src')).toEqual([
      "'self'",
      'https://tiles.example.org',
      'https://data.geopf.fr',
    ]);
    expect(directive(withStyle, 'script-src')).toEqual(["'self'"]);
    expect(directive(withStyle, 'frame-ancestors')).toEqual(["'self'"]);
  });

  it('every header name is lower case and every value a non-empty string without line breaks', () => {
    const headers = securityHeaders([]);
    expect(Object.keys(headers).length).toBeGreaterThanOrEqual(12);
    for (const [name, value] of Object.entries(headers)) {
      expect(name).toBe(name.toLowerCase());
      expect(value).toMatch(/^[^\r\n]+$/);
    }
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(Object.isFrozen(headers)).toBe(true);
  });
});
