import { defineConfig } from 'vitest/config'

// The mini-program harness tests: the built mp-weixin output run in Node under a
// simulated WeChat client (e2e/mini-program/runtime), against the local stand-ins
// started by e2e/mini-program/run.ts (which writes the locator these tests read).
export default defineConfig({
  test: {
    include: ['e2e/mini-program/**/*.mp.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
