/** Shared set-up for the domain tests: an in-memory database with the real indexes, and a controllable env. */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { projectCloudRoots } from '../../emulators/unicloud/cloud-roots'
import { Database as LocalDatabase } from '../../emulators/unicloud/database'
import type { Env } from '../../cloud/shared/env'
import type { Database } from '../../cloud/shared/database'

/** The repository's cloud roots (uniCloud-aliyun and the plugin's uniCloud): their database/*.index.json are the indexes under test. */
export const CLOUD_ROOT = projectCloudRoots(fileURLToPath(new URL('../..', import.meta.url)))

/** A fresh in-memory database (the local runtime's nedb store) with the committed indexes. */
export function memoryDb(now: () => number = Date.now): Database {
  return new LocalDatabase({ cloudRoot: CLOUD_ROOT, now }) as unknown as Database
}

/** The database requests `work` makes, in order, as `kind collection` (the local runtime's counter; `db` from memoryDb). */
export async function requestsOf(db: Database, work: () => Promise<unknown>): Promise<string[]> {
  const { counts } = await (db as unknown as LocalDatabase).measure(work)
  return counts.operations.map((o) => `${o.kind} ${o.collection}`)
}

/** An env whose clock only moves when told (sleep moves it too). */
export interface TestEnv extends Env {
  advance(ms: number): void
  sleeps: number[]
}

/** A controllable env starting at a fixed time. */
export function testEnv(start = Date.UTC(2025, 0, 1, 12, 0, 0)): TestEnv {
  let now = start
  const sleeps: number[] = []
  return {
    now: () => now,
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    async sleep(ms) {
      sleeps.push(ms)
      now += ms
      await new Promise((resolve) => setImmediate(resolve))
    },
    advance(ms) {
      now += ms
    },
    sleeps,
  }
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; detail?: unknown }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected a rejection')
}

/** A testing token secret (never a real one). */
export const TEST_TOKEN = {
  secret: 'testing-only-token-secret-0123456789abcdef',
  accessTtlSeconds: 7200,
  refreshTtlSeconds: 30 * 86400,
}
