/** Sessions: access tokens (forged, tampered, expired), refresh rotation, reuse detection, revocation, races. */
import { createHmac } from 'node:crypto'
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  SESSIONS,
  authenticate,
  createSession,
  getSession,
  listActiveSessions,
  refreshSession,
  revokeSession,
  verifyAccessToken,
  type SessionDeps,
} from '../../../cloud/login/sessions'
import { TEST_TOKEN, memoryDb, rejection, testEnv, type TestEnv } from '../support'

let env: TestEnv
let deps: SessionDeps

beforeEach(() => {
  env = testEnv()
  deps = { db: memoryDb(env.now), token: { ...TEST_TOKEN }, env }
})

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

function derivedAccessKey(secret: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', secret).update('uni-wx-kit/access-token/v1').digest())
}

async function open(userId = 'user-1') {
  return createSession(deps, { userId, appid: 'wx0123456789abcdef' })
}

describe('access tokens', () => {
  it('carry only sub, sid, iss, iat and exp, and authenticate the caller', async () => {
    const { session, grant } = await open()
    expect(decodeProtectedHeader(grant.accessToken)).toEqual({ alg: 'HS256', typ: 'JWT' })
    const claims = decodeJwt(grant.accessToken)
    expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'iss', 'sid', 'sub'])
    expect(claims.exp! - claims.iat!).toBe(TEST_TOKEN.accessTtlSeconds)
    expect(grant.accessTokenExpired).toBe(claims.exp! * 1000)
    expect(await authenticate(deps, grant.accessToken)).toEqual({ userId: 'user-1', sessionId: session._id, appid: 'wx0123456789abcdef' })
  })

  it('answer TOKEN_MISSING without a token', async () => {
    for (const token of [undefined, null, '']) expect((await rejection(authenticate(deps, token))).code).toBe('TOKEN_MISSING')
  })

  it('refuse forged tokens with TOKEN_INVALID', async () => {
    const { session } = await open()
    const now = Math.floor(env.now() / 1000)
    const claims = { sid: session._id }
    const sign = (key: Uint8Array, alg = 'HS256') =>
      new SignJWT(claims).setProtectedHeader({ alg }).setIssuer('uni-wx-kit').setSubject('user-1').setIssuedAt(now).setExpirationTime(now + 60).sign(key)
    const forged = [
      // another secret
      await sign(derivedAccessKey('another-secret-of-at-least-32-characters!!')),
      // the configured secret used raw instead of the derived key
      await sign(new TextEncoder().encode(TEST_TOKEN.secret)),
      // HS512 with the right key: only HS256 is accepted
      await sign(derivedAccessKey(TEST_TOKEN.secret), 'HS512'),
      // alg none
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: 'uni-wx-kit', sub: 'user-1', iat: now, exp: now + 60 })}.`,
      'not-a-jwt',
      'a.b.c',
      'x'.repeat(5000),
    ]
    for (const token of forged) expect((await rejection(authenticate(deps, token))).code, token.slice(0, 40)).toBe('TOKEN_INVALID')
    expect((await rejection(authenticate(deps, 42))).code).toBe('TOKEN_INVALID')
  })

  it('refuse tampered tokens with TOKEN_INVALID', async () => {
    const { grant } = await open('user-1')
    const other = await open('user-2')
    const [header, payload, signature] = grant.accessToken.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const tampered = [
      // another user, same signature
      `${header}.${b64({ ...claims, sub: 'user-2' })}.${signature}`,
      // another session, same signature
      `${header}.${b64({ ...claims, sid: other.session._id })}.${signature}`,
      // a longer life, same signature
      `${header}.${b64({ ...claims, exp: claims.exp + 86400 })}.${signature}`,
      // one signature character changed
      `${header}.${payload}.${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`,
      // signature of another token
      `${header}.${payload}.${other.grant.accessToken.split('.')[2]}`,
    ]
    for (const token of tampered) expect((await rejection(authenticate(deps, token))).code).toBe('TOKEN_INVALID')
  })

  it('are authentic but refused for a session that does not match the token', async () => {
    const { session } = await open('user-1')
    const now = Math.floor(env.now() / 1000)
    const key = derivedAccessKey(TEST_TOKEN.secret)
    const forOther = await new SignJWT({ sid: session._id }).setProtectedHeader({ alg: 'HS256' }).setIssuer('uni-wx-kit').setSubject('user-2').setIssuedAt(now).setExpirationTime(now + 60).sign(key)
    expect((await rejection(authenticate(deps, forOther))).code).toBe('TOKEN_INVALID')
    const unknownSession = await new SignJWT({ sid: 'no-such-session-id' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('uni-wx-kit').setSubject('user-1').setIssuedAt(now).setExpirationTime(now + 60).sign(key)
    expect((await rejection(authenticate(deps, unknownSession))).code).toBe('TOKEN_INVALID')
  })

  it('expire after accessTtlSeconds with TOKEN_EXPIRED', async () => {
    const { grant } = await open()
    env.advance(TEST_TOKEN.accessTtlSeconds * 1000 - 1000)
    await expect(authenticate(deps, grant.accessToken)).resolves.toMatchObject({ userId: 'user-1' })
    env.advance(1000)
    expect((await rejection(authenticate(deps, grant.accessToken))).code).toBe('TOKEN_EXPIRED')
    // An expired token still names its session for logout.
    await expect(verifyAccessToken(deps, grant.accessToken, { allowExpired: true })).resolves.toMatchObject({ userId: 'user-1' })
  })

  it('a refresh token is not an access token and vice versa', async () => {
    const { grant } = await open()
    expect((await rejection(authenticate(deps, grant.refreshToken))).code).toBe('TOKEN_INVALID')
    expect((await rejection(refreshSession(deps, grant.accessToken))).code).toBe('TOKEN_INVALID')
  })
})

describe('refresh', () => {
  it('rotates: a new refresh token, the old one dead', async () => {
    const { session, grant } = await open()
    env.advance(60_000)
    const first = await refreshSession(deps, grant.refreshToken)
    expect(first.grant.refreshToken).not.toBe(grant.refreshToken)
    expect(first.session.generation).toBe(1)
    expect(first.grant.refreshTokenExpired).toBe(env.now() + TEST_TOKEN.refreshTtlSeconds * 1000)
    await expect(authenticate(deps, first.grant.accessToken)).resolves.toMatchObject({ sessionId: session._id })
    const second = await refreshSession(deps, first.grant.refreshToken)
    expect(second.session.generation).toBe(2)
  })

  it('detects reuse of a rotated refresh token and revokes the session', async () => {
    const { session, grant } = await open()
    const rotated = await refreshSession(deps, grant.refreshToken)
    env.advance(31_000)
    const reuse = await rejection(refreshSession(deps, grant.refreshToken))
    expect(reuse.code).toBe('TOKEN_INVALID')
    expect(reuse.message).toMatch(/reuse/)
    expect(await getSession(deps.db, session._id)).toMatchObject({ status: 'revoked', revokedReason: 'refresh_reuse' })
    // Everything of that session is dead now: the thief's and the owner's tokens alike.
    expect((await rejection(refreshSession(deps, rotated.grant.refreshToken))).code).toBe('TOKEN_INVALID')
    expect((await rejection(authenticate(deps, rotated.grant.accessToken))).code).toBe('TOKEN_INVALID')
  })

  it('answers a duplicate of the same refresh within the grace window the same way', async () => {
    const { grant } = await open()
    const answers = await Promise.all([refreshSession(deps, grant.refreshToken), refreshSession(deps, grant.refreshToken), refreshSession(deps, grant.refreshToken)])
    expect(new Set(answers.map((a) => a.grant.refreshToken)).size).toBe(1)
    expect(answers.every((a) => a.session.generation === 1)).toBe(true)
    env.advance(29_000)
    const late = await refreshSession(deps, grant.refreshToken)
    expect(late.grant.refreshToken).toBe(answers[0].grant.refreshToken)
  })

  it('refuses a forged refresh token for a real session without revoking it', async () => {
    const { session, grant } = await open()
    const [sid, gen] = grant.refreshToken.split('.')
    for (const forged of [`${sid}.${gen}.${'A'.repeat(43)}`, `${sid}.1.${grant.refreshToken.split('.')[2]}`, `${sid}.${gen}`, 'garbage', '']) {
      expect((await rejection(refreshSession(deps, forged))).code).toBe('TOKEN_INVALID')
    }
    expect(await getSession(deps.db, session._id)).toMatchObject({ status: 'active', generation: 0 })
    await expect(refreshSession(deps, grant.refreshToken)).resolves.toBeTruthy()
  })

  it('refuses a token signed under another secret', async () => {
    const { grant } = await open()
    const other = { ...deps, token: { ...TEST_TOKEN, secret: 'another-testing-secret-0123456789abcdef' } }
    expect((await rejection(refreshSession(other, grant.refreshToken))).code).toBe('TOKEN_INVALID')
  })

  it('expires after refreshTtlSeconds without use', async () => {
    const { grant } = await open()
    env.advance(TEST_TOKEN.refreshTtlSeconds * 1000)
    expect((await rejection(refreshSession(deps, grant.refreshToken))).code).toBe('TOKEN_EXPIRED')
  })

  it('concurrent refreshes of many sessions of one user lose none', async () => {
    const opened = await Promise.all(Array.from({ length: 20 }, () => open('user-1')))
    let tokens = opened.map((o) => o.grant.refreshToken)
    for (let round = 0; round < 3; round++) {
      env.advance(60_000)
      // every session refreshed twice at the same moment (two tabs), all sessions at once
      const answers = await Promise.all(tokens.flatMap((t) => [refreshSession(deps, t), refreshSession(deps, t)]))
      tokens = answers.filter((_, i) => i % 2 === 0).map((a) => a.grant.refreshToken)
    }
    const live = await listActiveSessions(deps, 'user-1')
    expect(live).toHaveLength(20)
    const { data } = await deps.db.collection(SESSIONS).where({ userId: 'user-1' }).get()
    expect(data.map((s) => s.generation)).toEqual(Array(20).fill(3))
  })
})

describe('revocation', () => {
  it('logout ends the session: its access and refresh tokens are refused at once', async () => {
    const { session, grant } = await open()
    expect(await revokeSession(deps, session._id, 'logout')).toBe(true)
    expect(await revokeSession(deps, session._id, 'logout')).toBe(false)
    expect((await rejection(authenticate(deps, grant.accessToken))).code).toBe('TOKEN_INVALID')
    expect((await rejection(refreshSession(deps, grant.refreshToken))).code).toBe('TOKEN_INVALID')
    expect(await listActiveSessions(deps, 'user-1')).toEqual([])
  })

  it('ending one session leaves the user’s others alive', async () => {
    const a = await open()
    const b = await open()
    await revokeSession(deps, a.session._id, 'logout')
    await expect(authenticate(deps, b.grant.accessToken)).resolves.toMatchObject({ sessionId: b.session._id })
    expect((await listActiveSessions(deps, 'user-1')).map((s) => s.sessionId)).toEqual([b.session._id])
  })
})
