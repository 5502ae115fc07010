import { createHmac } from 'node:crypto'
import { consumeCode, currentSessionKey, rotateSessionKey } from '../codes'
import type { EmulatorCore } from '../core'
import { WxApiError } from '../errors'
import { phoneParts } from '../open-data'
import type { AppIdentity, AppKind } from '../identity'
import type { SimUser } from '../state'
import {
  classicToken,
  expiresIn,
  grantOAuth,
  refreshOAuth,
  requireCgiToken,
  requireOAuthToken,
  stableToken,
  ticketFor,
} from '../tokens'
import { json, parseJsonBody, type OpContext, type Operation } from './operation'

/** Check appid and secret: 41002 / 41004 missing, 40013 unknown (or wrong kind), 40125 wrong secret. */
function requireApp(
  core: EmulatorCore,
  appid: string | null | undefined,
  secret: string | null | undefined,
  kinds: readonly AppKind[],
): AppIdentity {
  if (!appid) throw new WxApiError(41002)
  const app = core.app(appid)
  if (!app || !kinds.includes(app.kind)) throw new WxApiError(40013)
  if (secret === undefined) return app
  if (!secret) throw new WxApiError(41004)
  if (secret !== app.secret) throw new WxApiError(40125)
  return app
}

/** signature = hex hmac_sha256(session_key, ""), keyed by the session_key string as given. */
function sessionSignatureMatches(core: EmulatorCore, appid: string, user: string, signature: string | null): boolean {
  const sessionKey = currentSessionKey(core, appid, user)
  return !!sessionKey && signature === createHmac('sha256', sessionKey).update('').digest('hex')
}

function unionidOf(user: SimUser): { unionid?: string } {
  return user.unionid ? { unionid: user.unionid } : {}
}

function headimgurl(ctx: OpContext, user: SimUser): string {
  return user.headimgurl ?? `${ctx.origin}/__emulator/avatar/${encodeURIComponent(user.key)}.svg`
}

/** api.weixin.qq.com, keyed by production endpoint. */
export const weixinApiOperations: Operation[] = [
  {
    method: 'GET',
    path: '/sns/jscode2session',
    host: 'weixinApi',
    handle({ core, url }) {
      const q = url.searchParams
      const app = requireApp(core, q.get('appid'), q.get('secret'), ['miniProgram'])
      const code = q.get('js_code')
      if (!code) throw new WxApiError(41008)
      if (q.get('grant_type') !== 'authorization_code') throw new WxApiError(40002)
      const issued = consumeCode(core, 'login', app.appid, code)
      const user = core.state.user(issued.user)
      return json({
        session_key: rotateSessionKey(core, app.appid, user.key),
        openid: core.state.openid(app.appid, user.key),
        ...unionidOf(user),
      })
    },
  },
  {
    method: 'POST',
    path: '/cgi-bin/stable_token',
    host: 'weixinApi',
    handle({ core, rawBody }) {
      const body = parseJsonBody(rawBody, () => new WxApiError(47001)) as Record<string, unknown>
      if (!body || typeof body !== 'object') throw new WxApiError(47001)
      if (body.grant_type !== 'client_credential') throw new WxApiError(40002)
      const app = requireApp(
        core,
        typeof body.appid === 'string' ? body.appid : undefined,
        typeof body.secret === 'string' ? body.secret : '',
        ['miniProgram', 'officialAccount', 'website'],
      )
      const token = stableToken(core, app.appid, body.force_refresh === true)
      return json({ access_token: token.token, expires_in: expiresIn(core, token.expiresAt) })
    },
  },
  {
    method: 'GET',
    path: '/cgi-bin/token',
    host: 'weixinApi',
    handle({ core, url }) {
      const q = url.searchParams
      if (q.get('grant_type') !== 'client_credential') throw new WxApiError(40002)
      const app = requireApp(core, q.get('appid'), q.get('secret') ?? '', ['miniProgram', 'officialAccount', 'website'])
      const token = classicToken(core, app.appid)
      return json({ access_token: token.token, expires_in: expiresIn(core, token.expiresAt) })
    },
  },
  {
    method: 'POST',
    path: '/wxa/business/getuserphonenumber',
    host: 'weixinApi',
    handle({ core, url, rawBody }) {
      const token = requireCgiToken(core, url.searchParams.get('access_token'))
      const body = parseJsonBody(rawBody, () => new WxApiError(47001)) as Record<string, unknown>
      const code = typeof body?.code === 'string' ? body.code : ''
      if (!code) throw new WxApiError(41008)
      const openid = typeof body?.openid === 'string' && body.openid ? body.openid : undefined
      // Quick (getPhoneNumber) and real-time (getRealtimePhoneNumber) codes are both exchanged here.
      const issued = consumeCode(core, 'phone', token.appid, code, {
        usedErrcode: 40029,
        otherAppErrcode: 40013,
        // With `openid`, WeChat checks that the code was issued to that user.
        check: (found) => {
          if (openid !== undefined && core.state.openid(token.appid, found.user) !== openid) throw new WxApiError(40003)
        },
      })
      return json({
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          ...phoneParts(core.state.user(issued.user).phoneNumber ?? ''),
          watermark: { timestamp: core.clock.nowSeconds(), appid: token.appid },
        },
      })
    },
  },
  {
    method: 'GET',
    path: '/wxa/checksession',
    host: 'weixinApi',
    handle({ core, url }) {
      const q = url.searchParams
      const token = requireCgiToken(core, q.get('access_token'))
      const openid = q.get('openid')
      if (!openid) throw new WxApiError(41009)
      const user = core.state.userByOpenid(token.appid, openid)
      if (!user) throw new WxApiError(40003)
      if (q.get('sig_method') !== 'hmac_sha256') throw new WxApiError(87009)
      if (!sessionSignatureMatches(core, token.appid, user.key, q.get('signature'))) throw new WxApiError(87009)
      return json({ errcode: 0, errmsg: 'ok' })
    },
  },
  {
    method: 'GET',
    path: '/wxa/resetusersessionkey',
    host: 'weixinApi',
    description: 'replace the session_key (signed with the current one); the old key stops working',
    handle({ core, url }) {
      const q = url.searchParams
      const token = requireCgiToken(core, q.get('access_token'))
      const openid = q.get('openid')
      if (!openid) throw new WxApiError(41009)
      const user = core.state.userByOpenid(token.appid, openid)
      if (!user) throw new WxApiError(40003)
      if (q.get('sig_method') !== 'hmac_sha256') throw new WxApiError(87008)
      if (!sessionSignatureMatches(core, token.appid, user.key, q.get('signature'))) throw new WxApiError(87009)
      return json({ errcode: 0, errmsg: 'ok', openid, session_key: rotateSessionKey(core, token.appid, user.key) })
    },
  },
  {
    method: 'GET',
    path: '/sns/oauth2/access_token',
    host: 'weixinApi',
    handle({ core, url }) {
      const q = url.searchParams
      const app = requireApp(core, q.get('appid'), q.get('secret'), ['officialAccount', 'website'])
      const code = q.get('code')
      if (!code) throw new WxApiError(41008)
      if (q.get('grant_type') !== 'authorization_code') throw new WxApiError(40002)
      const issued = consumeCode(core, 'oauth', app.appid, code)
      const scope = issued.scope ?? 'snsapi_base'
      const grant = grantOAuth(core, app.appid, issued.user, scope)
      const user = core.state.user(issued.user)
      return json({
        access_token: grant.accessToken,
        expires_in: expiresIn(core, grant.accessExpiresAt),
        refresh_token: grant.refreshToken,
        openid: grant.openid,
        scope,
        // unionid comes with snsapi_userinfo / snsapi_login only, and only when the user has one.
        ...(scope === 'snsapi_base' ? {} : unionidOf(user)),
      })
    },
  },
  {
    method: 'GET',
    path: '/sns/oauth2/refresh_token',
    host: 'weixinApi',
    handle({ core, url }) {
      const q = url.searchParams
      const app = requireApp(core, q.get('appid'), undefined, ['officialAccount', 'website'])
      if (q.get('grant_type') !== 'refresh_token') throw new WxApiError(40002)
      const refreshToken = q.get('refresh_token')
      if (!refreshToken) throw new WxApiError(40030)
      const grant = refreshOAuth(core, app.appid, refreshToken)
      return json({
        access_token: grant.accessToken,
        expires_in: expiresIn(core, grant.accessExpiresAt),
        refresh_token: grant.refreshToken,
        openid: grant.openid,
        scope: grant.scope,
      })
    },
  },
  {
    method: 'GET',
    path: '/sns/userinfo',
    host: 'weixinApi',
    handle(ctx) {
      const { core, url } = ctx
      const grant = requireOAuthToken(core, url.searchParams.get('access_token'), url.searchParams.get('openid'))
      if (grant.scope === 'snsapi_base') throw new WxApiError(48001)
      const user = core.state.user(grant.user)
      return json({
        openid: grant.openid,
        nickname: user.nickname,
        sex: 0,
        province: '',
        city: '',
        country: '',
        headimgurl: headimgurl(ctx, user),
        privilege: [],
        ...unionidOf(user),
      })
    },
  },
  {
    method: 'GET',
    path: '/sns/auth',
    host: 'weixinApi',
    handle({ core, url }) {
      requireOAuthToken(core, url.searchParams.get('access_token'), url.searchParams.get('openid'))
      return json({ errcode: 0, errmsg: 'ok' })
    },
  },
  {
    method: 'GET',
    path: '/cgi-bin/ticket/getticket',
    host: 'weixinApi',
    handle({ core, url }) {
      const token = requireCgiToken(core, url.searchParams.get('access_token'))
      const type = url.searchParams.get('type') ?? 'jsapi'
      if (type !== 'jsapi' && type !== 'wx_card') throw new WxApiError(40097)
      const ticket = ticketFor(core, token.appid, type)
      return json({ errcode: 0, errmsg: 'ok', ticket: ticket.ticket, expires_in: expiresIn(core, ticket.expiresAt) })
    },
  },
]
