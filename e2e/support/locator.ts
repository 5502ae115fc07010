import { readFileSync } from 'node:fs'

/** What scripts/e2e.ts started, read from the file it names in E2E_LOCATOR. */
export interface E2ELocator {
  runtimeUrl: string
  emulatorUrl: string
  h5Url: string
  chromium: string
  chromiumArgs: string[]
}

/** The running e2e stack; fails clearly when the tests are not started by `npm run test:e2e`. */
export function e2eLocator(): E2ELocator {
  const file = process.env.E2E_LOCATOR
  if (!file) throw new Error('E2E_LOCATOR is not set: run the browser tests with `npm run test:e2e`')
  return JSON.parse(readFileSync(file, 'utf8')) as E2ELocator
}
