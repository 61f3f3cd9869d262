import tseslint from 'typescript-eslint';

// The core is pure and isomorphic: it may import only other core modules (see README, Architecture).
const coreBoundaries = {
  patterns: [
    {
      group: ['node:*', 'fs', 'path', 'http', 'https', 'os', 'child_process', 'stream', 'zlib', 'url'],
      message: 'core/ must run in the browser: no Node built-ins.',
    },
    {
      group: ['**/pipeline/**', '**/store/**', '**/server/**', '**/cli/**', '**/web/**', '**/adapters/**'],
      message: 'core/ imports only core/.',
    },
    {
      group: ['better-sqlite3', 'pg', 'kysely', 'fastify', '@fastify/*', 'iconv-lite'],
      message: 'core/ must not depend on I/O libraries.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-output/**', 'src/web/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/cli/**'], message: 'Nothing imports cli/.' }] },
      ],
    },
  },
  // Last, so it wins over the rule above for core files.
  { files: ['src/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', coreBoundaries] } },
);
