import { defineConfig } from 'vitest/config'

// Browser tests: playwright-core driving Debian's chromium against the built H5
// served by scripts/e2e.ts (which writes the locator file these tests read).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    // The adoption test builds and serves its own project (npm run test:adoption).
    exclude: ['e2e/adoption/**', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
