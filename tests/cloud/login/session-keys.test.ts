/** session_key at rest: AES-256-GCM, bound to (appid, openid), never stored in the clear. */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SESSION_KEYS, readSessionKey, saveSessionKey } from '../../../cloud/login/session-keys'
import { open, seal, secretBoxKey } from '../../../cloud/shared/secret-box'
import { memoryDb, rejection, testEnv } from '../support'

const KEY_BASE64 = randomBytes(32).toString('base64')
const APPID = 'wx0123456789abcdef'

function setup() {
  const env = testEnv()
  const db = memoryDb(env.now)
  return { env, db, deps: { db, env, key: secretBoxKey(KEY_BASE64) } }
}

describe('secret box', () => {
  it('round-trips, with a fresh IV each time', () => {
    const env = testEnv()
    const key = secretBoxKey(KEY_BASE64)
    const a = seal(key, 'hello', 'ctx', env)
    const b = seal(key, 'hello', 'ctx', env)
    expect(a).not.toBe(b)
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
    expect(open(key, a, 'ctx')).toBe('hello')
  })

  it('refuses a tampered value, another context and another key', () => {
    const env = testEnv()
    const key = secretBoxKey(KEY_BASE64)
    const sealed = seal(key, 'hello', 'ctx', env)
    const [v, iv, body] = sealed.split('.')
    const flipped = `${v}.${iv}.${body.slice(0, 3)}${body[3] === 'A' ? 'B' : 'A'}${body.slice(4)}`
    expect(() => open(key, flipped, 'ctx')).toThrow(/authenticate/)
    expect(() => open(key, sealed, 'other')).toThrow(/authenticate/)
    expect(() => open(secretBoxKey(randomBytes(32).toString('base64')), sealed, 'ctx')).toThrow(/authenticate/)
    expect(() => open(key, 'v2.x.y', 'ctx')).toThrow(/malformed/)
  })

  it('needs a 32-byte key', () => {
    expect(() => secretBoxKey(randomBytes(16).toString('base64'))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })
})

describe('session_key store', () => {
  it('keeps the latest key per (appid, openid), sealed', async () => {
    const { db, deps } = setup()
    const first = randomBytes(16).toString('base64')
    const second = randomBytes(16).toString('base64')
    await saveSessionKey(deps, APPID, 'openid-a', first)
    await saveSessionKey(deps, APPID, 'openid-a', second)
    await saveSessionKey(deps, APPID, 'openid-b', first)
    expect(await readSessionKey(deps, APPID, 'openid-a')).toBe(second)
    expect(await readSessionKey(deps, APPID, 'openid-b')).toBe(first)
    expect(await readSessionKey(deps, APPID, 'openid-c')).toBeUndefined()

    const { data } = await db.collection(SESSION_KEYS).get()
    expect(data).toHaveLength(2)
    const stored = JSON.stringify(data)
    for (const plain of [first, second, Buffer.from(first, 'base64').toString('hex'), Buffer.from(second, 'base64').toString('base64url')]) {
      expect(stored).not.toContain(plain)
    }
  })

  it('a sealed key copied onto another user does not open', async () => {
    const { db, deps } = setup()
    await saveSessionKey(deps, APPID, 'victim', randomBytes(16).toString('base64'))
    await saveSessionKey(deps, APPID, 'attacker', randomBytes(16).toString('base64'))
    const { data } = await db.collection<{ _id: string; openid: string; sealed: string }>(SESSION_KEYS).get()
    const victim = data.find((d) => d.openid === 'victim')!
    const attacker = data.find((d) => d.openid === 'attacker')!
    await db.collection(SESSION_KEYS).doc(attacker._id).update({ sealed: victim.sealed })
    expect((await rejection(readSessionKey(deps, APPID, 'attacker'))).message).toMatch(/authenticate/)
  })
})
