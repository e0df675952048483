import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ when the sources are newer (the language server tests spawn dist/cli/main.js).
    globalSetup: ['test/build-dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
