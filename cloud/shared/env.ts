import { randomBytes as nodeRandomBytes } from 'node:crypto'

/**
 * What the domain modules take from the outside world besides the database:
 * the time and randomness. Passed in, so tests never patch globals.
 */
export interface Env {
  /** Milliseconds since the epoch. */
  now(): number
  /** `n` cryptographically strong random bytes. */
  randomBytes(n: number): Uint8Array
  /** Wait `ms` milliseconds (lease and claim polling). */
  sleep(ms: number): Promise<void>
}

/** The real clock, CSPRNG and timers. */
export const systemEnv: Env = {
  now: () => Date.now(),
  randomBytes: (n) => new Uint8Array(nodeRandomBytes(n)),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

/** `n` random bytes as base64url text (ids, nonces, owners of leases). */
export function randomId(env: Pick<Env, 'randomBytes'>, bytes = 16): string {
  return Buffer.from(env.randomBytes(bytes)).toString('base64url')
}
