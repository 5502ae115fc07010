import { beijingDay } from './clock'
import {
  ACCESS_TOKEN_TTL_SECONDS,
  FORCE_REFRESH_DAILY_LIMIT,
  FORCE_REFRESH_MIN_INTERVAL_SECONDS,
  JSAPI_TICKET_TTL_SECONDS,
  OAUTH_REFRESH_TOKEN_TTL_SECONDS,
  STABLE_TOKEN_EARLY_RENEW_SECONDS,
} from './constants'
import type { EmulatorCore } from './core'
import { WxApiError } from './errors'
import { randomBase64Url, randomDigits } from './random'
import type { CgiToken, OAuthGrant } from './state'

/**
 * Server credentials: /cgi-bin/stable_token and /cgi-bin/token access tokens
 * (kept apart, as WeChat does), web OAuth grants, and JS-SDK tickets.
 */

function newAccessToken(): string {
  return `${randomDigits(2)}_${randomBase64Url(96)}`
}

function mint(core: EmulatorCore, appid: string, kind: CgiToken['kind']): CgiToken {
  const now = core.clock.now()
  const token: CgiToken = {
    token: newAccessToken(),
    appid,
    kind,
    issuedAt: now,
    expiresAt: now + ACCESS_TOKEN_TTL_SECONDS * 1000,
    revoked: false,
  }
  core.state.cgiTokens.set(token.token, token)
  return token
}

function live(core: EmulatorCore, appid: string, kind: CgiToken['kind']): CgiToken[] {
  const now = core.clock.now()
  return [...core.state.cgiTokens.values()].filter(
    (t) => t.appid === appid && t.kind === kind && !t.revoked && t.expiresAt > now,
  )
}

/** The seconds a token has left, as expires_in reports it. */
export function expiresIn(core: EmulatorCore, expiresAt: number): number {
  return Math.max(0, Math.ceil((expiresAt - core.clock.now()) / 1000))
}

/**
 * stable_token: the same token while valid, a new one in its last 5 minutes
 * (the old one stays valid until it expires). force_refresh revokes the
 * previous tokens, at most 20 times a (Beijing) day and 30 s apart.
 */
export function stableToken(core: EmulatorCore, appid: string, forceRefresh: boolean): CgiToken {
  const now = core.clock.now()
  if (forceRefresh) {
    const day = beijingDay(now)
    const quota = core.state.forceRefresh.get(appid)
    const used = quota && quota.day === day ? quota.count : 0
    if (used >= FORCE_REFRESH_DAILY_LIMIT) throw new WxApiError(45009)
    if (quota && now - quota.lastAt < FORCE_REFRESH_MIN_INTERVAL_SECONDS * 1000) throw new WxApiError(45011)
    core.state.forceRefresh.set(appid, { day, count: used + 1, lastAt: now })
    for (const token of live(core, appid, 'stable')) token.revoked = true
    return mint(core, appid, 'stable')
  }
  const newest = live(core, appid, 'stable').sort((a, b) => b.issuedAt - a.issuedAt)[0]
  if (newest && newest.expiresAt - now > STABLE_TOKEN_EARLY_RENEW_SECONDS * 1000) return newest
  return mint(core, appid, 'stable')
}

/** /cgi-bin/token: always a new token; every earlier classic token of the app stops working at once. */
export function classicToken(core: EmulatorCore, appid: string): CgiToken {
  for (const token of live(core, appid, 'classic')) token.revoked = true
  return mint(core, appid, 'classic')
}

/** Check an access_token query parameter: 41001 missing, 40001 unknown or superseded, 42001 expired. */
export function requireCgiToken(core: EmulatorCore, token: string | null): CgiToken {
  if (!token) throw new WxApiError(41001)
  const found = core.state.cgiTokens.get(token)
  if (!found || found.revoked) throw new WxApiError(40001)
  if (found.expiresAt <= core.clock.now()) throw new WxApiError(42001)
  return found
}

/** Grant a web OAuth access_token / refresh_token pair. */
export function grantOAuth(core: EmulatorCore, appid: string, user: string, scope: string): OAuthGrant {
  const now = core.clock.now()
  const grant: OAuthGrant = {
    accessToken: newAccessToken(),
    refreshToken: newAccessToken(),
    appid,
    user,
    openid: core.state.openid(appid, user),
    scope,
    accessExpiresAt: now + ACCESS_TOKEN_TTL_SECONDS * 1000,
    refreshExpiresAt: now + OAUTH_REFRESH_TOKEN_TTL_SECONDS * 1000,
  }
  core.state.oauthGrants.set(grant.accessToken, grant)
  core.state.oauthByRefresh.set(grant.refreshToken, grant)
  return grant
}

/**
 * /sns/oauth2/refresh_token: a still-valid access_token is kept and its expiry
 * extended; an expired one is replaced. 40030 unknown, 42002 expired refresh_token.
 */
export function refreshOAuth(core: EmulatorCore, appid: string, refreshToken: string): OAuthGrant {
  const grant = core.state.oauthByRefresh.get(refreshToken)
  if (!grant || grant.appid !== appid) throw new WxApiError(40030)
  const now = core.clock.now()
  if (grant.refreshExpiresAt <= now) throw new WxApiError(42002)
  if (grant.accessExpiresAt <= now) {
    core.state.oauthGrants.delete(grant.accessToken)
    grant.accessToken = newAccessToken()
    core.state.oauthGrants.set(grant.accessToken, grant)
  }
  grant.accessExpiresAt = now + ACCESS_TOKEN_TTL_SECONDS * 1000
  return grant
}

/** Check a web OAuth access_token for an openid: 41001, 40001, 42001, 40003. */
export function requireOAuthToken(core: EmulatorCore, token: string | null, openid: string | null): OAuthGrant {
  if (!token) throw new WxApiError(41001)
  const grant = core.state.oauthGrants.get(token)
  if (!grant) throw new WxApiError(40001)
  if (grant.accessExpiresAt <= core.clock.now()) throw new WxApiError(42001)
  if (!openid) throw new WxApiError(41009)
  if (openid !== grant.openid) throw new WxApiError(40003)
  return grant
}

/** The JS-SDK (or card) ticket of an app: the same one while valid. */
export function ticketFor(core: EmulatorCore, appid: string, type: string): { ticket: string; expiresAt: number } {
  const key = `${appid}|${type}`
  const now = core.clock.now()
  const cached = core.state.tickets.get(key)
  if (cached && cached.expiresAt > now) return cached
  const ticket = { ticket: randomBase64Url(64), expiresAt: now + JSAPI_TICKET_TTL_SECONDS * 1000 }
  core.state.tickets.set(key, ticket)
  return ticket
}
