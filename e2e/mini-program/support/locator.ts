import { readFileSync } from 'node:fs'
import type { DevLocator } from '../../../emulators/start'

/** What `npm run test:mp` started: the local stand-ins and the build pointed at them. */
export interface MpLocator extends DevLocator {
  /** The mini program built with UNI_CLOUD_SPACES → runtimeUrl. */
  buildDir: string
}

/** The running harness stack; fails clearly when the tests are not started by `npm run test:mp`. */
export function mpLocator(): MpLocator {
  const file = process.env.MP_LOCATOR
  if (!file) throw new Error('MP_LOCATOR is not set: run the mini-program tests with `npm run test:mp`')
  return JSON.parse(readFileSync(file, 'utf8')) as MpLocator
}
