/** Web login end to end: OAuth URLs and state, WeChat-browser and desktop QR logins, unionid linking, JS-SDK config. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../cloud/shared/database'
import { loginAs } from '../../helpers/login'
import { expectNoSecretLeaked, fault, startLoginStack, wechatCalls, type Answer, type LoginStack } from './support'

let stack: LoginStack

beforeAll(async () => {
  stack = await startLoginStack()
})
afterEach(async () => {
  await stack.control('DELETE', '/faults')
})
afterAll(() => stack.close())

const APP_URL = 'http://localhost:5173/h5/'

async function oauthUrl(scope: string, redirect = APP_URL): Promise<URL> {
  const answer = await stack.call('getOAuthUrl', [{ scope, redirect }])
  expect(answer.errCode).toBe(0)
  return new URL(answer.url)
}

async function oauthCode(user: string, scope: string): Promise<string> {
  const appid = scope === 'snsapi_login' ? stack.creds.apps.website.appid : stack.creds.apps.officialAccount.appid
  const { code } = await stack.control<{ code: string }>('POST', '/oauth/code', { user, appid, scope })
  return code
}

/** The whole browser round trip: authorize URL → (user consents) → code + state → loginByOAuth. */
async function webLogin(user: string, scope: string): Promise<Answer> {
  const url = await oauthUrl(scope)
  const state = url.searchParams.get('state')!
  return stack.call('loginByOAuth', [{ code: await oauthCode(user, scope), state }])
}

describe('getOAuthUrl({ scope, redirect })', () => {
  it('inside WeChat: the official account’s oauth2/authorize with connect_redirect=1 and #wechat_redirect', async () => {
    for (const scope of ['snsapi_base', 'snsapi_userinfo']) {
      const url = await oauthUrl(scope)
      expect(url.origin + url.pathname).toBe(`${stack.emulatorUrl}/connect/oauth2/authorize`)
      expect(url.hash).toBe('#wechat_redirect')
      expect(Object.fromEntries(url.searchParams)).toEqual({
        appid: stack.creds.apps.officialAccount.appid,
        redirect_uri: APP_URL,
        response_type: 'code',
        scope,
        state: expect.stringMatching(/^[A-Za-z0-9._-]{1,128}$/),
        connect_redirect: '1',
      })
    }
  })

  it('desktop: the website app’s qrconnect', async () => {
    const url = await oauthUrl('snsapi_login')
    expect(url.origin + url.pathname).toBe(`${stack.emulatorUrl}/connect/qrconnect`)
    expect(url.searchParams.get('appid')).toBe(stack.creds.apps.website.appid)
    expect(url.searchParams.get('scope')).toBe('snsapi_login')
    expect(url.hash).toBe('#wechat_redirect')
  })

  it('refuses unknown scopes and redirects that are not plain http(s) URLs', async () => {
    for (const input of [
      { scope: 'snsapi_all', redirect: APP_URL },
      { scope: 'snsapi_base', redirect: 'javascript:alert(1)' },
      { scope: 'snsapi_base', redirect: 'http://localhost:5173/#/pages/mine/index' },
      { scope: 'snsapi_base', redirect: 'https://user:pw@example.com/' },
      { scope: 'snsapi_base' },
    ]) {
      expect((await stack.call('getOAuthUrl', [input])).errCode).toBe('PARAM_INVALID')
    }
  })
})

describe('loginByOAuth({ code, state })', () => {
  it('snsapi_userinfo: logs in with WeChat’s nickname and avatar, answers the return path', async () => {
    const answer = await webLogin('olga', 'snsapi_userinfo')
    expect(answer.errCode).toBe(0)
    expect(answer.user).toMatchObject({ nickname: 'olga', avatarUrl: expect.stringContaining('/__emulator/avatar/olga'), hasPhone: false })
    expect(answer.returnPath).toBe('/h5/')
    expect((await stack.call('me', [], answer.accessToken)).user.userId).toBe(answer.user.userId)
  })

  it('snsapi_base: logs in silently, without asking for userinfo', async () => {
    const before = (await wechatCalls(stack, '/sns/userinfo')).length
    const answer = await webLogin('bert', 'snsapi_base')
    expect(answer.errCode).toBe(0)
    expect(answer.user.nickname).toBe('')
    expect((await wechatCalls(stack, '/sns/userinfo')).length).toBe(before)
  })

  it('snsapi_login (desktop QR): logs in through the website app', async () => {
    const answer = await webLogin('wendy', 'snsapi_login')
    expect(answer.errCode).toBe(0)
    expect(answer.user.nickname).toBe('wendy')
  })

  it('the state decides the app: an official-account state with a website code is refused by WeChat', async () => {
    const state = (await oauthUrl('snsapi_base')).searchParams.get('state')!
    const answer = await stack.call('loginByOAuth', [{ code: await oauthCode('wendy', 'snsapi_login'), state }])
    expect(answer.errCode).toBe('WX_CODE_INVALID')
  })

  it('a forged, tampered or missing state is refused before the code is spent', async () => {
    const state = (await oauthUrl('snsapi_userinfo')).searchParams.get('state')!
    const code = await oauthCode('mallory', 'snsapi_userinfo')
    const before = (await wechatCalls(stack, '/sns/oauth2/access_token')).length
    const [head, exp, nonce, path, mac] = state.split('.')
    for (const forged of [
      [head.replace('u', 'l'), exp, nonce, path, mac].join('.'),
      [head, exp, nonce, Buffer.from('/evil').toString('base64url'), mac].join('.'),
      [head, (parseInt(exp, 36) + 3600).toString(36), nonce, path, mac].join('.'),
      'STATE',
      '',
    ]) {
      expect((await stack.call('loginByOAuth', [{ code, state: forged }])).errCode).toBe('OAUTH_STATE_INVALID')
    }
    expect((await wechatCalls(stack, '/sns/oauth2/access_token')).length).toBe(before)
    expect((await stack.call('loginByOAuth', [{ code, state }])).errCode).toBe(0)
  })

  it('a code replayed from the URL (history, Referer, access logs) opens nothing: LOGIN_CODE_USED; only the attempt’s own retry is answered', async () => {
    const state = (await oauthUrl('snsapi_userinfo')).searchParams.get('state')!
    const code = await oauthCode('rita', 'snsapi_userinfo')
    const input = { code, state, idempotencyKey: 'rita-attempt-0123456789' }
    const first = await stack.call('loginByOAuth', [input])
    expect(first.errCode).toBe(0)
    const replay = await stack.call('loginByOAuth', [{ code, state }])
    expect(replay).toEqual({ errCode: 'LOGIN_CODE_USED', errMsg: expect.any(String) })
    const retry = await stack.call('loginByOAuth', [input])
    expect(retry.user).toEqual(first.user)
    expect(retry.refreshToken).toBe(first.refreshToken)
  })

  it('unionid links the mini program, the official account and the website app to one user', async () => {
    await stack.control('PUT', '/users/uma', { unionid: true })
    const mp = await loginAs(stack.target, 'uma')
    const browser = await webLogin('uma', 'snsapi_userinfo')
    const desktop = await webLogin('uma', 'snsapi_login')
    expect(browser.user.userId).toBe(mp.userId)
    expect(desktop.user.userId).toBe(mp.userId)
    // profile filled from WeChat once, on the shared user
    expect(desktop.user.nickname).toBe('uma')
    const db = stack.runtime.database() as unknown as Database
    const docs = (await db.collection<{ linkedUserId?: string; primaryUnionid?: string }>('wxkit-users').get()).data
    expect(docs.filter((d) => d.linkedUserId === mp.userId)).toHaveLength(2)
  })

  it('without a unionid, each app is its own user', async () => {
    const mp = await loginAs(stack.target, 'vera')
    const browser = await webLogin('vera', 'snsapi_userinfo')
    expect(browser.user.userId).not.toBe(mp.userId)
  })
})

describe('getJsSdkConfig({ url })', () => {
  it('answers wx.config parameters WeChat accepts, with the ticket cached', async () => {
    const ticketsBefore = (await wechatCalls(stack, '/cgi-bin/ticket/getticket')).length
    const url = 'http://localhost:5173/h5/?from=timeline'
    const config = await stack.call('getJsSdkConfig', [{ url: `${url}#/pages/mine/index` }])
    expect(config).toEqual({
      errCode: 0,
      appId: stack.creds.apps.officialAccount.appid,
      timestamp: expect.any(Number),
      nonceStr: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      signature: expect.stringMatching(/^[0-9a-f]{40}$/),
    })
    const verdict = await stack.control('POST', '/jssdk/verify', { ...config, url })
    expect(verdict).toEqual({ ok: true, errMsg: 'config:ok' })
    await stack.call('getJsSdkConfig', [{ url }])
    expect((await wechatCalls(stack, '/cgi-bin/ticket/getticket')).length - ticketsBefore).toBe(1)
  })

  it('a rejected access_token (40001) on getticket is refreshed once and the call retried', async () => {
    const db = stack.runtime.database() as unknown as Database
    // drop the cached ticket so the next call needs a new one
    await db.collection('wxkit-credentials').where({ kind: 'jsapi_ticket' }).remove()
    await fault(stack, 'GET /cgi-bin/ticket/getticket', 1, { errcode: 40001 })
    const tokensBefore = (await wechatCalls(stack, '/cgi-bin/stable_token')).length
    const config = await stack.call('getJsSdkConfig', [{ url: APP_URL }])
    expect(config.errCode).toBe(0)
    expect((await stack.control('POST', '/jssdk/verify', { ...config, url: APP_URL })).ok).toBe(true)
    expect((await wechatCalls(stack, '/cgi-bin/stable_token')).length - tokensBefore).toBe(1)
  })
})

it('no answer or log line carried an appsecret, access_token, ticket or key', async () => {
  await expectNoSecretLeaked(stack, { credentials: true })
})
