import { createHmac, timingSafeEqual } from 'node:crypto'
import { CloudError } from '../shared/errors'
import { randomId, type Env } from '../shared/env'

/**
 * The `state` of a WeChat web OAuth redirect: signed (HMAC-SHA256 with a key
 * derived from `token.secret`, truncated to 128 bits), expiring, carrying the
 * scope (so the code is exchanged with the right app), a nonce and the return
 * path. WeChat limits state to 128 bytes, so the format is compact and
 * URL-safe:
 *
 *   `1<scope letter>.<expiry, base36 seconds>.<nonce>.<return path, base64url>.<mac>`
 *
 * The client additionally compares the state with the one its tab started
 * (CSRF); the server's check stops forged, tampered and stale states.
 */

/** OAuth scopes and the letter that stands for each in a state. */
export const OAUTH_SCOPES = { snsapi_base: 'b', snsapi_userinfo: 'u', snsapi_login: 'l' } as const
export type OAuthScope = keyof typeof OAUTH_SCOPES

const VERSION = '1'
export const STATE_MAX_BYTES = 128
export const STATE_TTL_SECONDS = 600

/** What a verified state says. */
export interface OAuthState {
  scope: OAuthScope
  returnPath: string
  nonce: string
  expiresAt: number
}

function mac(secret: string, text: string): string {
  const key = createHmac('sha256', secret).update('uni-wx-kit/oauth-state/v1').digest()
  return createHmac('sha256', new Uint8Array(key)).update(text).digest().subarray(0, 16).toString('base64url')
}

const invalid = (message = 'oauth state invalid') => new CloudError('OAUTH_STATE_INVALID', message)

/** Sign a state for `scope` returning to `returnPath`. PARAM_INVALID when it would exceed 128 bytes. */
export function createOAuthState(
  secret: string,
  input: { scope: OAuthScope; returnPath: string },
  env: Pick<Env, 'now' | 'randomBytes'>,
  ttlSeconds = STATE_TTL_SECONDS,
): string {
  const expires = Math.floor(env.now() / 1000) + ttlSeconds
  const body = `${VERSION}${OAUTH_SCOPES[input.scope]}.${expires.toString(36)}.${randomId(env, 9)}.${Buffer.from(input.returnPath, 'utf8').toString('base64url')}`
  const state = `${body}.${mac(secret, body)}`
  if (Buffer.byteLength(state) > STATE_MAX_BYTES) {
    throw new CloudError('PARAM_INVALID', 'invalid parameter: redirect (path too long for an OAuth state)', {
      fields: [{ field: 'redirect', reason: 'path too long' }],
    })
  }
  return state
}

/** Verify a state: OAUTH_STATE_INVALID when malformed, tampered with, signed by another key or expired. */
export function verifyOAuthState(secret: string, state: unknown, env: Pick<Env, 'now'>): OAuthState {
  if (typeof state !== 'string' || Buffer.byteLength(state) > STATE_MAX_BYTES) throw invalid()
  const match = /^1([bul])\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/.exec(state)
  if (!match) throw invalid()
  const body = state.slice(0, state.lastIndexOf('.'))
  const expected = Buffer.from(mac(secret, body))
  const given = Buffer.from(match[5])
  if (expected.length !== given.length || !timingSafeEqual(new Uint8Array(expected), new Uint8Array(given))) throw invalid()
  const expiresAt = parseInt(match[2], 36) * 1000
  if (!(expiresAt > env.now())) throw invalid('oauth state expired')
  const scope = (Object.keys(OAUTH_SCOPES) as OAuthScope[]).find((s) => OAUTH_SCOPES[s] === match[1]) as OAuthScope
  return { scope, nonce: match[3], returnPath: Buffer.from(match[4], 'base64url').toString('utf8'), expiresAt }
}
