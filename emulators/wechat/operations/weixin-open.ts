import { issueCode } from '../codes'
import { BROWSER_USER_COOKIE, OAUTH_STATE_MAX_BYTES, PAGE_PREFIX } from '../constants'
import type { EmulatorCore } from '../core'
import type { AppIdentity, AppKind } from '../identity'
import { PageError, consentPage, qrConnectPage, resultPage } from '../pages'
import { html, parseForm, redirect, type OpContext, type Operation } from './operation'

const CONSENT_ACTION = `${PAGE_PREFIX}/open/oauth2/confirm`
const QR_ACTION = `${PAGE_PREFIX}/open/qrconnect/confirm`

interface AuthorizeRequest {
  app: AppIdentity
  redirectUri: string
  scope: string
  state: string
}

/**
 * `redirect_uri?code=…&state=…` as WeChat builds it: the query goes before any
 * `#fragment` (which is why hash routers never see it in their route query).
 */
export function appendCodeAndState(redirectUri: string, code: string, state: string): string {
  return appendQuery(redirectUri, `code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`)
}

/**
 * `redirect_uri?state=…`, no code: where a refusal returns ("若用户禁止授权，则重定向后不会
 * 带上code参数，仅会带上state参数", docs/wechat-h5-returns.md). The emulator's pages link
 * to it rather than redirecting, so the user sees what happened and has a way back.
 */
export function appendState(redirectUri: string, state: string): string {
  return appendQuery(redirectUri, `state=${encodeURIComponent(state)}`)
}

function appendQuery(redirectUri: string, query: string): string {
  const hash = redirectUri.indexOf('#')
  const base = hash < 0 ? redirectUri : redirectUri.slice(0, hash)
  const fragment = hash < 0 ? '' : redirectUri.slice(hash)
  const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'
  return `${base}${separator}${query}${fragment}`
}

/** The simulated user of this browser: the cookie, else the emulator-wide default. */
export function browserUser(ctx: OpContext): string {
  return ctx.cookies[BROWSER_USER_COOKIE] || ctx.core.state.browserUser
}

/** Set-Cookie remembering the chosen simulated user in this browser. */
export function userCookie(user: string): Record<string, string> {
  return { 'Set-Cookie': `${BROWSER_USER_COOKIE}=${encodeURIComponent(user)}; Path=/; SameSite=Lax` }
}

function validate(
  core: EmulatorCore,
  params: URLSearchParams | Map<string, string>,
  kind: AppKind,
  scopes: readonly string[],
): AuthorizeRequest {
  const get = (name: string) => params.get(name) ?? ''
  const appid = get('appid')
  if (!appid) throw new PageError(10012, 'appid 不能为空')
  const app = core.app(appid)
  if (!app) throw new PageError(40013, 'invalid appid')
  if (app.kind !== kind) {
    throw new PageError(
      10016,
      kind === 'officialAccount' ? '不支持微信开放平台的Appid，请使用公众号Appid' : '该 appid 不是网站应用',
    )
  }
  const redirectUri = get('redirect_uri')
  if (!redirectUri) throw new PageError(10011, 'redirect_uri 不能为空')
  let parsed: URL
  try {
    parsed = new URL(redirectUri)
  } catch {
    throw new PageError(10003, 'redirect_uri 参数错误')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new PageError(10003, 'redirect_uri 参数错误')
  if (get('response_type') !== 'code') throw new PageError(40097, 'response_type 参数错误')
  const scope = get('scope')
  if (!scope) throw new PageError(10010, 'scope 不能为空')
  if (!scopes.includes(scope)) throw new PageError(10005, 'Scope 参数错误或没有 Scope 权限')
  const state = get('state')
  if (Buffer.byteLength(state) > OAUTH_STATE_MAX_BYTES) throw new PageError(40097, 'state 参数错误：最多 128 字节')
  return { app, redirectUri, scope, state }
}

function hiddenFields(request: AuthorizeRequest): Record<string, string> {
  return {
    appid: request.app.appid,
    redirect_uri: request.redirectUri,
    response_type: 'code',
    scope: request.scope,
    state: request.state,
  }
}

function formParams(raw: string): Map<string, string> {
  return new Map(Object.entries(parseForm(raw)))
}

/** A link for the index page: the emulator's own apps, redirecting back to the index. */
function sampleAuthorizeUrl(path: string, appid: string, scope: string, origin: string): string {
  const query = new URLSearchParams({ appid, redirect_uri: `${origin}/`, response_type: 'code', scope, state: 'index' })
  return `${path}?${query}#wechat_redirect`
}

/** open.weixin.qq.com: web OAuth and website QR login, plus the pages' form targets. */
export const weixinOpenOperations: Operation[] = [
  {
    method: 'GET',
    path: '/connect/oauth2/authorize',
    host: 'weixinOpen',
    example: ({ core, origin }) => sampleAuthorizeUrl('/connect/oauth2/authorize', core.identity.apps.officialAccount.appid, 'snsapi_userinfo', origin),
    handle(ctx) {
      const request = validate(ctx.core, ctx.url.searchParams, 'officialAccount', ['snsapi_base', 'snsapi_userinfo'])
      const user = browserUser(ctx)
      const consented = ctx.core.state.consents.has(`${request.app.appid}|${user}`)
      if (request.scope === 'snsapi_base' || consented) {
        const code = issueCode(ctx.core, 'oauth', request.app.appid, user, request.scope)
        return redirect(appendCodeAndState(request.redirectUri, code, request.state))
      }
      return html(consentPage({ appName: request.app.name, action: CONSENT_ACTION, fields: hiddenFields(request), user }))
    },
  },
  {
    method: 'POST',
    path: CONSENT_ACTION,
    host: 'emulator',
    handle(ctx) {
      const form = formParams(ctx.rawBody)
      const request = validate(ctx.core, form, 'officialAccount', ['snsapi_base', 'snsapi_userinfo'])
      const user = form.get('user')?.trim() || browserUser(ctx)
      if (form.get('decision') !== 'allow') {
        return html(resultPage('已拒绝授权', '你拒绝了授权，网页没有获得你的信息。', { href: appendState(request.redirectUri, request.state), text: '返回网页' }), 200, userCookie(user))
      }
      ctx.core.state.consents.add(`${request.app.appid}|${user}`)
      const code = issueCode(ctx.core, 'oauth', request.app.appid, user, request.scope)
      return redirect(appendCodeAndState(request.redirectUri, code, request.state), userCookie(user))
    },
  },
  {
    method: 'GET',
    path: '/connect/qrconnect',
    host: 'weixinOpen',
    example: ({ core, origin }) => sampleAuthorizeUrl('/connect/qrconnect', core.identity.apps.website.appid, 'snsapi_login', origin),
    handle(ctx) {
      const request = validate(ctx.core, ctx.url.searchParams, 'website', ['snsapi_login'])
      return html(
        qrConnectPage({ appName: request.app.name, action: QR_ACTION, fields: hiddenFields(request), user: browserUser(ctx) }),
      )
    },
  },
  {
    method: 'POST',
    path: QR_ACTION,
    host: 'emulator',
    handle(ctx) {
      const form = formParams(ctx.rawBody)
      const request = validate(ctx.core, form, 'website', ['snsapi_login'])
      const user = form.get('user')?.trim() || browserUser(ctx)
      if (form.get('decision') !== 'allow') {
        return html(resultPage('已取消登录', '你取消了此次登录。', { href: appendState(request.redirectUri, request.state), text: '返回网站' }), 200, userCookie(user))
      }
      const code = issueCode(ctx.core, 'oauth', request.app.appid, user, request.scope)
      return redirect(appendCodeAndState(request.redirectUri, code, request.state), userCookie(user))
    },
  },
]
