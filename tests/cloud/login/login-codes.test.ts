/**
 * The login code cache: one exchange per code; a repeat is answered only for
 * the same client's retry within the window (regression: a used code opened
 * the first user's session for anyone, for 5 minutes); failures release the claim.
 */
import { describe, expect, it } from 'vitest'
import { LOGIN_CODES, LOGIN_RETRY_WINDOW_MS, claimCode, clientBinding, completeCode, releaseCode, type LoginClient } from '../../../cloud/login/login-codes'
import { memoryDb, rejection, testEnv } from '../support'

const APPID = 'wx0123456789abcdef'
const CLIENT: LoginClient = {
  idempotencyKey: 'k'.repeat(22),
  clientIP: '203.0.113.7',
  userAgent: 'Mozilla/5.0 MicroMessenger/8.0',
  platform: 'mp-weixin',
  appId: '__UNI__0000001',
  deviceId: 'device-1',
}
const ME = clientBinding('login', CLIENT)

function setup() {
  const env = testEnv()
  return { env, deps: { db: memoryDb(env.now), env } }
}

describe('clientBinding', () => {
  it('differs in every part of the client and in the call; none without an idempotency key', () => {
    const others: LoginClient[] = [
      { ...CLIENT, idempotencyKey: 'x'.repeat(22) },
      { ...CLIENT, clientIP: '198.51.100.1' },
      { ...CLIENT, userAgent: 'curl/8' },
      { ...CLIENT, platform: 'web' },
      { ...CLIENT, appId: '__UNI__0000002' },
      { ...CLIENT, deviceId: 'device-2' },
    ]
    const bindings = new Set([ME, ...others.map((c) => clientBinding('login', c)), clientBinding('loginByOAuth:website', CLIENT)])
    expect(bindings.size).toBe(8)
    expect(clientBinding('login', { ...CLIENT, idempotencyKey: undefined })).toBeUndefined()
    expect(ME).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('login code cache', () => {
  it('the first request claims; the same client’s duplicate waiting meanwhile gets its result', async () => {
    const { deps } = setup()
    const first = await claimCode(deps, APPID, 'code-1', ME)
    expect(first.kind).toBe('claimed')
    const duplicate = claimCode<{ sessionId: string }>(deps, APPID, 'code-1', ME)
    await new Promise((resolve) => setImmediate(resolve))
    await completeCode(deps, APPID, 'code-1', (first as { owner: string }).owner, { sessionId: 's-1' })
    expect(await duplicate).toEqual({ kind: 'done', result: { sessionId: 's-1' } })
    expect(await claimCode(deps, APPID, 'code-1', ME)).toEqual({ kind: 'done', result: { sessionId: 's-1' } })
  })

  it('a used code from another client, or without a key, is LOGIN_CODE_USED: pending or done', async () => {
    const { deps } = setup()
    const other = clientBinding('login', { ...CLIENT, clientIP: '198.51.100.1' })
    const first = (await claimCode(deps, APPID, 'code-x', ME)) as { owner: string }
    expect((await rejection(claimCode(deps, APPID, 'code-x', other))).code).toBe('LOGIN_CODE_USED')
    await completeCode(deps, APPID, 'code-x', first.owner, { sessionId: 's' })
    for (const binding of [other, undefined]) expect((await rejection(claimCode(deps, APPID, 'code-x', binding))).code).toBe('LOGIN_CODE_USED')
  })

  it('a call without a key is never replayed, not even to itself', async () => {
    const { deps } = setup()
    const first = (await claimCode(deps, APPID, 'code-n', undefined)) as { owner: string }
    await completeCode(deps, APPID, 'code-n', first.owner, { sessionId: 's' })
    expect((await rejection(claimCode(deps, APPID, 'code-n', undefined))).code).toBe('LOGIN_CODE_USED')
  })

  it('the same client’s retry is answered for LOGIN_RETRY_WINDOW_MS, then refused until the code’s 5 minutes end', async () => {
    const { deps, env } = setup()
    const first = (await claimCode(deps, APPID, 'code-w', ME)) as { owner: string }
    await completeCode(deps, APPID, 'code-w', first.owner, { sessionId: 's' })
    env.advance(LOGIN_RETRY_WINDOW_MS)
    expect((await claimCode(deps, APPID, 'code-w', ME)).kind).toBe('done')
    env.advance(1)
    expect((await rejection(claimCode(deps, APPID, 'code-w', ME))).code).toBe('LOGIN_CODE_USED')
    env.advance(3 * 60_000)
    expect((await rejection(claimCode(deps, APPID, 'code-w', ME))).code).toBe('LOGIN_CODE_USED')
  })

  it('a released claim lets the next request try again, whoever sends it', async () => {
    const { deps } = setup()
    const first = (await claimCode(deps, APPID, 'code-2', ME)) as { kind: 'claimed'; owner: string }
    await releaseCode(deps, APPID, 'code-2', first.owner)
    expect((await claimCode(deps, APPID, 'code-2', clientBinding('login', { ...CLIENT, deviceId: 'device-2' }))).kind).toBe('claimed')
  })

  it('a claim whose owner died is taken over after its lease; a stuck duplicate gives up', async () => {
    const { deps, env } = setup()
    await claimCode(deps, APPID, 'code-3', ME, { leaseMs: 60_000 })
    const stuck = await rejection(claimCode(deps, APPID, 'code-3', ME, { waitMs: 1_000 }))
    expect(stuck.code).toBe('WX_UPSTREAM_BUSY')
    env.advance(60_000)
    expect((await claimCode(deps, APPID, 'code-3', ME)).kind).toBe('claimed')
  })

  it('forgets results after the code’s 5 minutes and stores neither the code nor the client’s key', async () => {
    const { deps, env } = setup()
    const first = (await claimCode(deps, APPID, 'the-code-itself', ME)) as { owner: string }
    await completeCode(deps, APPID, 'the-code-itself', first.owner, { sessionId: 's' })
    const stored = JSON.stringify((await deps.db.collection(LOGIN_CODES).get()).data)
    expect(stored).not.toContain('the-code-itself')
    expect(stored).not.toContain(CLIENT.idempotencyKey)
    expect(stored).not.toContain(CLIENT.clientIP)
    env.advance(5 * 60_000)
    expect((await claimCode(deps, APPID, 'the-code-itself', ME)).kind).toBe('claimed')
  })

  it('codes of another app are other entries', async () => {
    const { deps } = setup()
    await claimCode(deps, APPID, 'same', ME)
    expect((await claimCode(deps, 'wxffffffffffffffff', 'same', ME)).kind).toBe('claimed')
  })
})
