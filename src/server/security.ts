/**
 * Security headers of every response, computed once: they depend only on the configuration (the map
 * style's origin), so no request pays for building them. Same policy as helmet's defaults, with a
 * Content-Security-Policy fitted to the map (workers from blob:, tiles and style from the configured
 * origin, the national geocoder for the address search).
 */

/** The Content-Security-Policy directives, for the map style's origins (`[]` without a configured style). */
export function contentSecurityPolicy(mapOrigins: readonly string[]): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    // MapLibre and the app set style attributes.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:', ...mapOrigins]],
    ['font-src', ["'self'", 'data:', ...mapOrigins]],
    // Map style and tiles, and the national geocoder (Géoplateforme) used by the address search.
    ['connect-src', ["'self'", ...mapOrigins, 'https://data.geopf.fr']],
    // MapLibre runs its workers from blob: URLs.
    ['worker-src', ["'self'", 'blob:']],
    ['child-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'self'"]],
    ['manifest-src', ["'self'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join(';');
}

/** Every security header, by name. */
export function securityHeaders(mapOrigins: readonly string[]): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': contentSecurityPolicy(mapOrigins),
    'cross-origin-opener-policy': 'same-origin',
    // The public API and the reference files are meant to be used from other sites.
    'cross-origin-resource-policy': 'cross-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    // The legacy XSS auditor did more harm than good; 0 disables it in old browsers.
    'x-xss-protection': '0',
  });
}
