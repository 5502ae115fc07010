/** Sessions end to end: authenticated calls, forged and tampered tokens, refresh rotation and races, logout, expiry. */
import { SignJWT } from 'jose'
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../cloud/shared/database'
import { loginAs, withKitToken } from '../../helpers/login'
import { expectNoSecretLeaked, startLoginStack, type LoginStack } from './support'

let stack: LoginStack

beforeAll(async () => {
  stack = await startLoginStack()
})
afterAll(() => stack.close())

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('beside uni-id (the token slot decision)', () => {
  it("authenticates by the KitAuth parameter only, ignores uniCloud's uni_id_token slot, and never answers newToken", async () => {
    const user = await loginAs(stack.target, 'uni-id-neighbour')
    const mp = { uniPlatform: 'mp-weixin' }
    // uni-id's token in the SDK slot does not disturb the kit's own.
    expect((await stack.runtime.invoke('weixinLogin', 'me', withKitToken([], user.token), { uniIdToken: 'a-uni-id-token', clientInfo: mp })) as object).toMatchObject({ errCode: 0 })
    // The kit's token in uni-id's slot is not read: the kit never claims that slot.
    expect((await stack.runtime.invoke('weixinLogin', 'me', [{}], { uniIdToken: user.token, clientInfo: mp })) as object).toMatchObject({ errCode: 'TOKEN_MISSING' })
    // No answer carries newToken, so the SDK never writes uni_id_token for the kit.
    expect(user.answer).not.toHaveProperty('newToken')
    const refreshed = await stack.call('refreshToken', [{ refreshToken: user.refreshToken }])
    expect(refreshed).not.toHaveProperty('newToken')
  })
})

describe('authenticated calls', () => {
  it('me() needs a token: TOKEN_MISSING without one', async () => {
    expect((await stack.call('me')).errCode).toBe('TOKEN_MISSING')
    expect((await stack.call('updateProfile', [{ nickname: 'x' }])).errCode).toBe('TOKEN_MISSING')
    expect((await stack.call('bindPhone', [{ code: 'x' }])).errCode).toBe('TOKEN_MISSING')
    expect((await stack.call('logout')).errCode).toBe('TOKEN_MISSING')
  })

  it('forged tokens are refused with TOKEN_INVALID', async () => {
    const alice = await loginAs(stack.target, 'alice')
    const claims = JSON.parse(Buffer.from(alice.token.split('.')[1], 'base64url').toString())
    const otherKey = new Uint8Array(createHmac('sha256', 'not-the-configured-secret-0123456789').update('uni-wx-kit/access-token/v1').digest())
    const forged = [
      await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(otherKey),
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      'eyJhbGciOiJIUzI1NiJ9.e30.ZmFrZQ',
      'garbage',
    ]
    for (const token of forged) expect((await stack.call('me', [], token)).errCode).toBe('TOKEN_INVALID')
  })

  it('a token from another deployment (another token.secret) is refused', async () => {
    const other = await startLoginStack()
    try {
      const stranger = await loginAs(other.target, 'alice')
      expect((await stack.call('me', [], stranger.token)).errCode).toBe('TOKEN_INVALID')
    } finally {
      await other.close()
    }
  })

  it('tampered tokens are refused with TOKEN_INVALID', async () => {
    const alice = await loginAs(stack.target, 'alice')
    const bob = await loginAs(stack.target, 'bob')
    const [header, payload, signature] = alice.token.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const tampered = [
      `${header}.${b64({ ...claims, sub: bob.userId })}.${signature}`,
      `${header}.${b64({ ...claims, exp: claims.exp + 86400 })}.${signature}`,
      `${header}.${payload}.${bob.token.split('.')[2]}`,
      // one signature character changed (in the middle: the last one carries padding bits)
      `${header}.${payload}.${signature.slice(0, 20)}${signature[20] === 'A' ? 'B' : 'A'}${signature.slice(21)}`,
    ]
    for (const token of tampered) expect((await stack.call('me', [], token)).errCode).toBe('TOKEN_INVALID')
    expect((await stack.call('me', [], alice.token)).user.userId).toBe(alice.userId)
  })
})

describe('refreshToken({ refreshToken })', () => {
  it('rotates: new tokens work, the answer has the login shape', async () => {
    const carl = await loginAs(stack.target, 'carl')
    const answer = await stack.call('refreshToken', [{ refreshToken: carl.refreshToken }])
    expect(Object.keys(answer).sort()).toEqual(['accessToken', 'accessTokenExpired', 'errCode', 'refreshToken', 'refreshTokenExpired', 'user'])
    expect(answer.user.userId).toBe(carl.userId)
    expect(answer.refreshToken).not.toBe(carl.refreshToken)
    expect((await stack.call('me', [], answer.accessToken)).user.userId).toBe(carl.userId)
  })

  it('reuse of a rotated refresh token revokes the session', async () => {
    const dora = await loginAs(stack.target, 'dora')
    const first = await stack.call('refreshToken', [{ refreshToken: dora.refreshToken }])
    const second = await stack.call('refreshToken', [{ refreshToken: first.refreshToken }])
    expect(second.errCode).toBe(0)
    // the original token, two rotations old, shows up again: theft
    expect((await stack.call('refreshToken', [{ refreshToken: dora.refreshToken }])).errCode).toBe('TOKEN_INVALID')
    expect((await stack.call('me', [], second.accessToken)).errCode).toBe('TOKEN_INVALID')
    expect((await stack.call('refreshToken', [{ refreshToken: second.refreshToken }])).errCode).toBe('TOKEN_INVALID')
  })

  it('a forged refresh token is refused and does not harm the session', async () => {
    const emil = await loginAs(stack.target, 'emil')
    const [sid] = emil.refreshToken.split('.')
    for (const refreshToken of [`${sid}.0.${'A'.repeat(43)}`, 'x', 'a.b.c']) {
      expect((await stack.call('refreshToken', [{ refreshToken }])).errCode).toBe('TOKEN_INVALID')
    }
    expect((await stack.call('refreshToken', [{ refreshToken: emil.refreshToken }])).errCode).toBe(0)
  })

  it('concurrent refreshes lose no session', async () => {
    const logins = await Promise.all(Array.from({ length: 10 }, () => loginAs(stack.target, 'fynn')))
    // each session refreshed twice at once (two tabs), all sessions at the same moment
    const answers = await Promise.all(logins.flatMap((l) => [l, l].map((x) => stack.call('refreshToken', [{ refreshToken: x.refreshToken }]))))
    expect(answers.filter((a) => a.errCode !== 0)).toEqual([])
    for (let i = 0; i < logins.length; i++) expect(answers[2 * i].refreshToken).toBe(answers[2 * i + 1].refreshToken)
    const again = await Promise.all(answers.filter((_, i) => i % 2 === 0).map((a) => stack.call('refreshToken', [{ refreshToken: a.refreshToken }])))
    expect(again.filter((a) => a.errCode !== 0)).toEqual([])
    for (const a of again) expect((await stack.call('me', [], a.accessToken)).errCode).toBe(0)
    const db = stack.runtime.database() as unknown as Database
    const live = await db.collection('wxkit-sessions').where({ userId: logins[0].userId, status: 'active' }).count()
    expect(live.total).toBe(10)
  })
})

describe('logout()', () => {
  it('revokes the session server-side: access and refresh tokens stop working, other sessions live on', async () => {
    const phone = await loginAs(stack.target, 'gina')
    const laptop = await loginAs(stack.target, 'gina')
    expect(await stack.call('logout', [], phone.token)).toEqual({ errCode: 0 })
    expect((await stack.call('me', [], phone.token)).errCode).toBe('TOKEN_INVALID')
    expect((await stack.call('refreshToken', [{ refreshToken: phone.refreshToken }])).errCode).toBe('TOKEN_INVALID')
    expect((await stack.call('me', [], laptop.token)).errCode).toBe(0)
    // logging out twice is harmless
    expect((await stack.call('logout', [], phone.token)).errCode).toBe(0)
  })
})

describe('expiry', () => {
  let short: LoginStack
  beforeAll(async () => {
    short = await startLoginStack({ token: { accessTtlSeconds: 1 } })
  })
  afterAll(() => short.close())

  it('an expired access token answers TOKEN_EXPIRED; refresh gives a working one', async () => {
    const hana = await loginAs(short.target, 'hana')
    expect(hana.answer.accessTokenExpired - Date.now()).toBeLessThanOrEqual(1000)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, hana.answer.accessTokenExpired - Date.now()) + 50))
    expect((await short.call('me', [], hana.token)).errCode).toBe('TOKEN_EXPIRED')
    const refreshed = await short.call('refreshToken', [{ refreshToken: hana.refreshToken }])
    expect(refreshed.errCode).toBe(0)
    expect((await short.call('me', [], refreshed.accessToken)).user.userId).toBe(hana.userId)
  })

  it('logout accepts an expired (but authentic) token and still revokes', async () => {
    const ivan = await loginAs(short.target, 'ivan')
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ivan.answer.accessTokenExpired - Date.now()) + 50))
    expect((await short.call('logout', [], ivan.token)).errCode).toBe(0)
    expect((await short.call('refreshToken', [{ refreshToken: ivan.refreshToken }])).errCode).toBe('TOKEN_INVALID')
  })

  it('no secret leaked here either', async () => {
    await expectNoSecretLeaked(short, { sessionKeys: true })
  })
})

it('no answer or log line carried a session_key, appsecret or key', async () => {
  await expectNoSecretLeaked(stack, { sessionKeys: true })
})
