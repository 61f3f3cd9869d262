/** `repere serve` sets its process's V8 options itself: production and the benchmark run alike. */
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import { SERVER_V8_FLAGS, serveCommand } from '../../src/cli/commands/serve.js';
import { captureIO } from './helpers.js';

vi.mock('node:v8', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:v8')>();
  return { ...actual, setFlagsFromString: vi.fn() };
});

describe('repere serve V8 options', () => {
  it('applies them before starting, and never caps the heap', async () => {
    expect(SERVER_V8_FLAGS.length).toBeGreaterThan(0);
    // A ceiling would crash the server with « out of memory » on a large dataset.
    expect(SERVER_V8_FLAGS.filter((f) => /max-old-space|max-heap-size|old-space-size/.test(f))).toEqual([]);
    const io = captureIO(tmpdir(), { DATABASE_URL: 'mysql://nulle-part/base' });
    await expect(serveCommand.run(['--port', '0'], io)).rejects.toThrow(/DATABASE_URL/);
    expect(vi.mocked(setFlagsFromString).mock.calls.map(([flag]) => flag)).toEqual([...SERVER_V8_FLAGS]);
  });
});
