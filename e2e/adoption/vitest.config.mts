import { defineConfig } from 'vitest/config'

// The adoption test: a fresh uni-app project with the plugin copied in, built
// and driven in chromium (see README.md beside this file).
export default defineConfig({
  test: {
    include: ['e2e/adoption/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
})
