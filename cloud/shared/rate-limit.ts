import { createHash } from 'node:crypto'
import { isDuplicateKeyError, type Database } from './database'
import { CloudError } from './errors'
import { commands } from './db-commands'
import type { Env } from './env'
import { COLLECTIONS } from './collections'

/**
 * Fixed-window counters in the database: one document per (rule, key, window),
 * admitted by a conditional atomic increment (`count < limit` → `inc(1)`), so
 * N concurrent callers admit exactly `limit` of them. Keys (client IPs,
 * openids) are stored hashed.
 */

export const RATE_LIMITS = COLLECTIONS.rateLimits

/** A limit: at most `limit` hits per `windowSeconds` per key. */
export interface RateLimitRule {
  name: string
  limit: number
  windowSeconds: number
}

/** What the limiter needs. */
export interface RateLimitDeps {
  db: Database
  env: Pick<Env, 'now'>
}

/** Count one hit; true when it is within the limit. */
export async function hit(deps: RateLimitDeps, rule: RateLimitRule, key: string): Promise<boolean> {
  const windowMs = rule.windowSeconds * 1000
  const window = Math.floor(deps.env.now() / windowMs)
  const id = `${rule.name}.${createHash('sha256').update(key).digest('hex').slice(0, 32)}.${window}`
  const collection = deps.db.collection(RATE_LIMITS)
  const cmd = commands(deps.db)
  const admit = async () =>
    (await collection.where({ _id: id, count: cmd.lt(rule.limit) }).update({ count: cmd.inc(1) })).updated === 1
  if (await admit()) return true
  if (rule.limit < 1) return false
  try {
    await collection.add({ _id: id, rule: rule.name, count: 1, expiresAt: (window + 1) * windowMs })
    return true
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error
  }
  // Someone created this window's counter first: count against it.
  return admit()
}

/** Count one hit; RATE_LIMITED (with the seconds until the window ends) when over the limit. */
export async function enforce(deps: RateLimitDeps, rule: RateLimitRule, key: string): Promise<void> {
  if (await hit(deps, rule, key)) return
  const windowMs = rule.windowSeconds * 1000
  const retryAfterSeconds = Math.ceil((windowMs - (deps.env.now() % windowMs)) / 1000)
  throw new CloudError('RATE_LIMITED', 'too many requests, try again later', { retryAfterSeconds })
}

/** Delete counters of windows that have ended. */
export async function purgeRateLimits(deps: RateLimitDeps): Promise<number> {
  const { deleted } = await deps.db
    .collection(RATE_LIMITS)
    .where({ expiresAt: commands(deps.db).lt(deps.env.now()) })
    .remove()
  return deleted
}
