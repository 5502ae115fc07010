/** The login code cache: one exchange per code, duplicates get its result, failures release the claim. */
import { describe, expect, it } from 'vitest'
import { LOGIN_CODES, claimCode, completeCode, releaseCode } from '../../../cloud/login/login-codes'
import { memoryDb, rejection, testEnv } from '../support'

const APPID = 'wx0123456789abcdef'

function setup() {
  const env = testEnv()
  return { env, deps: { db: memoryDb(env.now), env } }
}

describe('login code cache', () => {
  it('the first request claims; a duplicate waiting meanwhile gets its result', async () => {
    const { deps } = setup()
    const first = await claimCode(deps, APPID, 'code-1')
    expect(first.kind).toBe('claimed')
    const duplicate = claimCode<{ sessionId: string }>(deps, APPID, 'code-1')
    await new Promise((resolve) => setImmediate(resolve))
    await completeCode(deps, APPID, 'code-1', (first as { owner: string }).owner, { sessionId: 's-1' })
    expect(await duplicate).toEqual({ kind: 'done', result: { sessionId: 's-1' } })
    expect(await claimCode(deps, APPID, 'code-1')).toEqual({ kind: 'done', result: { sessionId: 's-1' } })
  })

  it('a released claim lets the next request try again', async () => {
    const { deps } = setup()
    const first = (await claimCode(deps, APPID, 'code-2')) as { kind: 'claimed'; owner: string }
    await releaseCode(deps, APPID, 'code-2', first.owner)
    expect((await claimCode(deps, APPID, 'code-2')).kind).toBe('claimed')
  })

  it('a claim whose owner died is taken over after its lease; a stuck duplicate gives up', async () => {
    const { deps, env } = setup()
    await claimCode(deps, APPID, 'code-3', { leaseMs: 60_000 })
    const stuck = await rejection(claimCode(deps, APPID, 'code-3', { waitMs: 1_000 }))
    expect(stuck.code).toBe('WX_UPSTREAM_BUSY')
    env.advance(60_000)
    expect((await claimCode(deps, APPID, 'code-3')).kind).toBe('claimed')
  })

  it('forgets results after the code’s 5 minutes and never stores the code', async () => {
    const { deps, env } = setup()
    const first = (await claimCode(deps, APPID, 'the-code-itself')) as { owner: string }
    await completeCode(deps, APPID, 'the-code-itself', first.owner, { sessionId: 's' })
    expect(JSON.stringify((await deps.db.collection(LOGIN_CODES).get()).data)).not.toContain('the-code-itself')
    env.advance(5 * 60_000)
    expect((await claimCode(deps, APPID, 'the-code-itself')).kind).toBe('claimed')
  })

  it('codes of another app are other entries', async () => {
    const { deps } = setup()
    await claimCode(deps, APPID, 'same')
    expect((await claimCode(deps, 'wxffffffffffffffff', 'same')).kind).toBe('claimed')
  })
})
