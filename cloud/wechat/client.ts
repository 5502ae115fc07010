import { CloudError } from '../shared/errors'
import { HttpError, withRetry, type HttpClient, type HttpMethod } from '../shared/http'
import { WechatApiError } from './errors'

/**
 * A small client for the api.weixin.qq.com calls of the login side. Each call
 * maps WeChat's errcode to a stable code (errors.ts); `-1`, timeouts, network
 * failures and 5xx are retried with exponential back-off and jitter, then
 * answered as WX_UPSTREAM_BUSY. URLs are never logged or put in errors: they
 * carry appsecrets, codes and access tokens.
 *
 * The access_token itself is managed by credential-cache.ts, which also does
 * the one forced refresh on 40001/42001.
 */

/** How the client reaches WeChat and how hard it retries. */
export interface WechatClientOptions {
  http: HttpClient
  /** `endpoints.weixinApi`, without a trailing slash. */
  baseUrl: string
  timeoutMs?: number
  /** Extra attempts after the first for retryable failures. */
  retries?: number
  baseDelayMs?: number
  maxDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

/** jscode2session's answer. */
export interface Code2Session {
  openid: string
  sessionKey: string
  unionid?: string
}

/** An access_token with its lifetime. */
export interface AccessToken {
  accessToken: string
  expiresIn: number
}

/** The web OAuth code exchange (and refresh) answer. */
export interface OAuthAccessToken {
  accessToken: string
  expiresIn: number
  refreshToken: string
  openid: string
  scope: string
  unionid?: string
}

/** sns/userinfo. */
export interface OAuthUserInfo {
  openid: string
  nickname: string
  headimgurl: string
  unionid?: string
}

/** getuserphonenumber's phone_info. */
export interface PhoneInfo {
  phoneNumber: string
  purePhoneNumber: string
  countryCode: string
  watermark: { timestamp: number; appid: string }
}

/** A JS-SDK ticket with its lifetime. */
export interface Ticket {
  ticket: string
  expiresIn: number
}

/** The login-side WeChat APIs. */
export interface WechatClient {
  jscode2session(input: { appid: string; secret: string; code: string }): Promise<Code2Session>
  stableToken(input: { appid: string; secret: string; forceRefresh: boolean }): Promise<AccessToken>
  /** `openid`: WeChat then checks that the code belongs to that user (40003 otherwise, the code left unspent). */
  getUserPhoneNumber(input: { accessToken: string; code: string; openid?: string }): Promise<PhoneInfo>
  oauthAccessToken(input: { appid: string; secret: string; code: string }): Promise<OAuthAccessToken>
  oauthRefreshToken(input: { appid: string; refreshToken: string }): Promise<OAuthAccessToken>
  oauthUserInfo(input: { accessToken: string; openid: string }): Promise<OAuthUserInfo>
  getTicket(input: { accessToken: string; type: 'jsapi' }): Promise<Ticket>
}

/** A non-200 answer (5xx is worth a retry, the rest is not). */
class UpstreamStatusError extends CloudError {
  constructor(
    api: string,
    readonly status: number,
  ) {
    super('WX_UPSTREAM_ERROR', `WeChat ${api} answered HTTP ${status}`)
    this.name = 'UpstreamStatusError'
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof WechatApiError) return error.errcode === -1
  if (error instanceof UpstreamStatusError) return error.status >= 500
  return error instanceof HttpError
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function malformed(api: string): CloudError {
  return new CloudError('WX_UPSTREAM_ERROR', `WeChat ${api} answered an unexpected body`)
}

/** Create a client. */
export function createWechatClient(options: WechatClientOptions): WechatClient {
  const { http, baseUrl, timeoutMs = 3000, retries = 2, baseDelayMs = 200, maxDelayMs = 2000, sleep, random } = options

  async function once(api: string, method: HttpMethod, query: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
    const url = `${baseUrl}/${api}?${new URLSearchParams(query).toString()}`
    const response = await http.request(url, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs,
    })
    if (response.status !== 200) throw new UpstreamStatusError(api, response.status)
    let parsed: unknown
    try {
      parsed = JSON.parse(response.body)
    } catch {
      throw malformed(api)
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed(api)
    const answer = parsed as Record<string, unknown>
    if (answer.errcode !== undefined && answer.errcode !== 0) {
      throw new WechatApiError(api, typeof answer.errcode === 'number' ? answer.errcode : Number(answer.errcode))
    }
    return answer
  }

  async function call(api: string, method: HttpMethod, query: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
    let retried = false
    try {
      return await withRetry(
        (attempt) => {
          retried = attempt > 0
          return once(api, method, query, body)
        },
        { retries, baseDelayMs, maxDelayMs, shouldRetry: isRetryable, sleep, random },
      )
    } catch (error) {
      if (isRetryable(error)) throw new CloudError('WX_UPSTREAM_BUSY', 'WeChat is busy, try again')
      // "Code used" after our own failed attempt: that attempt spent it without an answer.
      if (retried && error instanceof WechatApiError && error.errcode === 40163) {
        throw new CloudError('WX_UPSTREAM_BUSY', 'WeChat is busy, get a new code and try again')
      }
      throw error
    }
  }

  function oauthToken(api: string, answer: Record<string, unknown>): OAuthAccessToken {
    const accessToken = str(answer.access_token)
    const openid = str(answer.openid)
    const refreshToken = str(answer.refresh_token)
    if (!accessToken || !openid || !refreshToken) throw malformed(api)
    return {
      accessToken,
      expiresIn: num(answer.expires_in) ?? 7200,
      refreshToken,
      openid,
      scope: str(answer.scope) ?? '',
      ...(str(answer.unionid) ? { unionid: str(answer.unionid) } : {}),
    }
  }

  return {
    async jscode2session({ appid, secret, code }) {
      const api = 'sns/jscode2session'
      const answer = await call(api, 'GET', { appid, secret, js_code: code, grant_type: 'authorization_code' })
      const openid = str(answer.openid)
      const sessionKey = str(answer.session_key)
      if (!openid || !sessionKey) throw malformed(api)
      const unionid = str(answer.unionid)
      return unionid ? { openid, sessionKey, unionid } : { openid, sessionKey }
    },

    async stableToken({ appid, secret, forceRefresh }) {
      const api = 'cgi-bin/stable_token'
      const answer = await call(api, 'POST', {}, { grant_type: 'client_credential', appid, secret, force_refresh: forceRefresh })
      const accessToken = str(answer.access_token)
      const expiresIn = num(answer.expires_in)
      if (!accessToken || !expiresIn) throw malformed(api)
      return { accessToken, expiresIn }
    },

    async getUserPhoneNumber({ accessToken, code, openid }) {
      const api = 'wxa/business/getuserphonenumber'
      const answer = await call(api, 'POST', { access_token: accessToken }, openid ? { code, openid } : { code })
      const info = answer.phone_info as Record<string, unknown> | undefined
      const watermark = (info?.watermark ?? {}) as Record<string, unknown>
      const purePhoneNumber = str(info?.purePhoneNumber)
      if (!info || !purePhoneNumber) throw malformed(api)
      return {
        phoneNumber: str(info.phoneNumber) ?? purePhoneNumber,
        purePhoneNumber,
        countryCode: str(info.countryCode) ?? '86',
        watermark: { timestamp: num(watermark.timestamp) ?? 0, appid: str(watermark.appid) ?? '' },
      }
    },

    async oauthAccessToken({ appid, secret, code }) {
      const api = 'sns/oauth2/access_token'
      return oauthToken(api, await call(api, 'GET', { appid, secret, code, grant_type: 'authorization_code' }))
    },

    async oauthRefreshToken({ appid, refreshToken }) {
      const api = 'sns/oauth2/refresh_token'
      return oauthToken(api, await call(api, 'GET', { appid, grant_type: 'refresh_token', refresh_token: refreshToken }))
    },

    async oauthUserInfo({ accessToken, openid }) {
      const api = 'sns/userinfo'
      const answer = await call(api, 'GET', { access_token: accessToken, openid, lang: 'zh_CN' })
      const id = str(answer.openid)
      if (!id) throw malformed(api)
      return {
        openid: id,
        nickname: typeof answer.nickname === 'string' ? answer.nickname : '',
        headimgurl: typeof answer.headimgurl === 'string' ? answer.headimgurl : '',
        ...(str(answer.unionid) ? { unionid: str(answer.unionid) } : {}),
      }
    },

    async getTicket({ accessToken, type }) {
      const api = 'cgi-bin/ticket/getticket'
      const answer = await call(api, 'GET', { access_token: accessToken, type })
      const ticket = str(answer.ticket)
      const expiresIn = num(answer.expires_in)
      if (!ticket || !expiresIn) throw malformed(api)
      return { ticket, expiresIn }
    },
  }
}
