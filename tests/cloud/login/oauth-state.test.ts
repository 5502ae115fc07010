/** The OAuth state: signed, expiring, within 128 bytes; tampered, foreign and stale states refused. */
import { describe, expect, it } from 'vitest'
import { STATE_MAX_BYTES, createOAuthState, verifyOAuthState } from '../../../cloud/login/oauth-state'
import { TEST_TOKEN, testEnv } from '../support'

const SECRET = TEST_TOKEN.secret

function code(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

describe('oauth state', () => {
  it('round-trips scope and return path, URL-safe and within 128 bytes', () => {
    const env = testEnv()
    for (const scope of ['snsapi_base', 'snsapi_userinfo', 'snsapi_login'] as const) {
      const state = createOAuthState(SECRET, { scope, returnPath: '/h5/?from=share' }, env)
      expect(Buffer.byteLength(state)).toBeLessThanOrEqual(STATE_MAX_BYTES)
      expect(state).toMatch(/^[A-Za-z0-9._-]+$/)
      expect(verifyOAuthState(SECRET, state, env)).toMatchObject({ scope, returnPath: '/h5/?from=share' })
    }
  })

  it('carries a fresh nonce each time', () => {
    const env = testEnv()
    const a = createOAuthState(SECRET, { scope: 'snsapi_base', returnPath: '/' }, env)
    const b = createOAuthState(SECRET, { scope: 'snsapi_base', returnPath: '/' }, env)
    expect(a).not.toBe(b)
  })

  it('refuses any tampering', () => {
    const env = testEnv()
    const state = createOAuthState(SECRET, { scope: 'snsapi_base', returnPath: '/' }, env)
    const [head, exp, nonce, path, mac] = state.split('.')
    const tampered = [
      [head.replace('b', 'l'), exp, nonce, path, mac], // upgrade to the website app
      [head, (parseInt(exp, 36) + 86400).toString(36), nonce, path, mac], // live longer
      [head, exp, nonce.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), path, mac], // another nonce
      [head, exp, nonce, Buffer.from('/evil').toString('base64url'), mac], // another return path
      [head, exp, nonce, path, mac.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))], // another mac
    ].map((parts) => parts.join('.'))
    for (const forged of tampered) expect(code(() => verifyOAuthState(SECRET, forged, env))).toBe('OAUTH_STATE_INVALID')
  })

  it('refuses a state signed with another secret, malformed states and non-strings', () => {
    const env = testEnv()
    const foreign = createOAuthState('another-testing-secret-0123456789abcdef', { scope: 'snsapi_base', returnPath: '/' }, env)
    for (const bad of [foreign, '', 'abc', 'x'.repeat(200), null, 42, {}]) {
      expect(code(() => verifyOAuthState(SECRET, bad, env))).toBe('OAUTH_STATE_INVALID')
    }
  })

  it('expires after ten minutes', () => {
    const env = testEnv()
    const state = createOAuthState(SECRET, { scope: 'snsapi_userinfo', returnPath: '/' }, env)
    env.advance(599_000)
    expect(verifyOAuthState(SECRET, state, env).scope).toBe('snsapi_userinfo')
    env.advance(1_000)
    expect(() => verifyOAuthState(SECRET, state, env)).toThrow(/expired/)
  })

  it('refuses a return path that would not fit in 128 bytes', () => {
    const env = testEnv()
    expect(code(() => createOAuthState(SECRET, { scope: 'snsapi_base', returnPath: '/' + 'a'.repeat(100) }, env))).toBe('PARAM_INVALID')
  })
})
