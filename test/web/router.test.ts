/** Which paths the app handles itself (the rest are server pages and files). */
import { describe, expect, it } from 'vitest';
import { isAppPath } from '../../src/web/router.js';

describe('routes', () => {
  it('leaves server pages and files to the browser', () => {
    expect(isAppPath('/')).toBe(true);
    expect(isAppPath('/carte')).toBe(true);
    expect(isAppPath('/orientation/etape-2')).toBe(true);
    expect(isAppPath('/lieux/abc')).toBe(false);
    expect(isAppPath('/api/v1/lieux')).toBe(false);
    expect(isAppPath('/api')).toBe(false);
    expect(isAppPath('/health')).toBe(false);
    expect(isAppPath('/icon.svg')).toBe(false);
  });
});
