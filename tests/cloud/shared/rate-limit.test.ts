/** Fixed-window rate limits: exact under concurrency, per key, reset per window. */
import { describe, expect, it } from 'vitest'
import { RATE_LIMITS, enforce, hit, purgeRateLimits } from '../../../cloud/shared/rate-limit'
import { memoryDb, rejection, testEnv } from '../support'

const RULE = { name: 'test', limit: 5, windowSeconds: 60 }

describe('rate limit', () => {
  it('admits exactly `limit` of many concurrent hits', async () => {
    const env = testEnv()
    const deps = { db: memoryDb(env.now), env }
    const answers = await Promise.all(Array.from({ length: 30 }, () => hit(deps, RULE, '203.0.113.7')))
    expect(answers.filter(Boolean)).toHaveLength(5)
  })

  it('counts keys apart and starts again in the next window', async () => {
    const env = testEnv()
    const deps = { db: memoryDb(env.now), env }
    for (let i = 0; i < 5; i++) await enforce(deps, RULE, 'a')
    const refused = await rejection(enforce(deps, RULE, 'a'))
    expect(refused.code).toBe('RATE_LIMITED')
    expect((refused.detail as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0)
    await expect(enforce(deps, RULE, 'b')).resolves.toBeUndefined()
    env.advance(60_000)
    await expect(enforce(deps, RULE, 'a')).resolves.toBeUndefined()
  })

  it('stores keys hashed and purges ended windows', async () => {
    const env = testEnv()
    const deps = { db: memoryDb(env.now), env }
    await hit(deps, RULE, '198.51.100.23')
    const { data } = await deps.db.collection(RATE_LIMITS).get()
    expect(JSON.stringify(data)).not.toContain('198.51.100.23')
    env.advance(120_000)
    expect(await purgeRateLimits(deps)).toBe(1)
  })
})
