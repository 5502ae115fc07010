import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { call, control, qs, startEmulator, type Harness } from './helpers'

let h: Harness

beforeAll(async () => {
  h = await startEmulator()
})
afterAll(() => h.close())
beforeEach(async () => {
  await control(h, 'POST', '/reset')
})

function authorize(params: Record<string, string>, cookie?: string) {
  const oa = h.creds.apps.officialAccount
  return call(
    `${h.url}/connect/oauth2/authorize?${qs({ appid: oa.appid, redirect_uri: 'https://shop.example/login', response_type: 'code', scope: 'snsapi_base', state: 'st1', connect_redirect: '1', ...params })}`,
    cookie ? { headers: { Cookie: cookie } } : {},
  )
}

function form(path: string, fields: Record<string, string>) {
  return call(h.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

function hiddenFields(page: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    out[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"')
  }
  return out
}

function exchange(code: string, app = h.creds.apps.officialAccount) {
  return call(`${h.url}/sns/oauth2/access_token?${qs({ appid: app.appid, secret: app.secret, code, grant_type: 'authorization_code' })}`)
}

describe('GET /connect/oauth2/authorize', () => {
  it('redirects silently for snsapi_base with code and state', async () => {
    const answer = await authorize({})
    expect(answer.status).toBe(302)
    const location = new URL(answer.headers.get('location')!)
    expect(location.origin + location.pathname).toBe('https://shop.example/login')
    expect(location.searchParams.get('state')).toBe('st1')
    const token = await exchange(location.searchParams.get('code')!)
    expect(token.json).toMatchObject({ expires_in: 7200, scope: 'snsapi_base' })
    expect(token.json.openid).toBe((await control(h, 'GET', '/users/alice')).json.openids.officialAccount)
  })

  it('puts ?code before the #fragment of a hash-router redirect_uri, as WeChat does', async () => {
    const answer = await authorize({ redirect_uri: 'https://shop.example/#/pages/login/index?from=x' })
    const location = answer.headers.get('location')!
    expect(location).toMatch(/^https:\/\/shop\.example\/\?code=[A-Za-z0-9]+&state=st1#\/pages\/login\/index\?from=x$/)
  })

  it('keeps an existing query of redirect_uri', async () => {
    const location = (await authorize({ redirect_uri: 'https://shop.example/cb?a=1' })).headers.get('location')!
    expect(location).toMatch(/^https:\/\/shop\.example\/cb\?a=1&code=\w+&state=st1$/)
  })

  it('shows a consent page for snsapi_userinfo, then redirects once allowed, silently afterwards', async () => {
    const page = await authorize({ scope: 'snsapi_userinfo' }, 'wxemu_user=bob')
    expect(page.status).toBe(200)
    expect(page.raw).toContain('允许')
    const fields = hiddenFields(page.raw)
    expect(fields).toMatchObject({ scope: 'snsapi_userinfo', state: 'st1' })

    const allowed = await form('/__emulator/open/oauth2/confirm', { ...fields, user: 'bob', decision: 'allow' })
    expect(allowed.status).toBe(302)
    const code = new URL(allowed.headers.get('location')!).searchParams.get('code')!
    const token = (await exchange(code)).json
    expect(token.scope).toBe('snsapi_userinfo')

    const info = await call(`${h.url}/sns/userinfo?${qs({ access_token: token.access_token, openid: token.openid, lang: 'zh_CN' })}`)
    expect(info.json).toMatchObject({ openid: token.openid, nickname: 'bob' })
    expect(info.json.headimgurl).toMatch(/\/__emulator\/avatar\/bob\.svg$/)

    const again = await authorize({ scope: 'snsapi_userinfo' }, 'wxemu_user=bob')
    expect(again.status).toBe(302)
  })

  it('does not redirect when the user refuses; the page links back with the state and no code', async () => {
    const page = await authorize({ scope: 'snsapi_userinfo' })
    const denied = await form('/__emulator/open/oauth2/confirm', { ...hiddenFields(page.raw), user: 'alice', decision: 'deny' })
    expect(denied.status).toBe(200)
    expect(denied.headers.get('location')).toBeNull()
    expect(denied.raw).toContain('已拒绝授权')
    const back = new URL(/id="back" href="([^"]+)"/.exec(denied.raw)![1].replace(/&amp;/g, '&'))
    expect(`${back.origin}${back.pathname}`).toBe('https://shop.example/login')
    expect(Object.fromEntries(back.searchParams)).toEqual({ state: 'st1' })
  })

  it('uses the default browser user set by the control', async () => {
    await control(h, 'PUT', '/browser', { user: 'erin' })
    const code = new URL((await authorize({})).headers.get('location')!).searchParams.get('code')!
    const token = (await exchange(code)).json
    expect(token.openid).toBe((await control(h, 'GET', '/users/erin')).json.openids.officialAccount)
  })

  it.each([
    [{ appid: '' }, 10012],
    [{ redirect_uri: '' }, 10011],
    [{ redirect_uri: 'javascript:alert(1)' }, 10003],
    [{ scope: '' }, 10010],
    [{ scope: 'snsapi_login' }, 10005],
    [{ state: 'x'.repeat(129) }, 40097],
  ])('shows an error page for %o (errcode %i) instead of redirecting', async (params, errcode) => {
    const answer = await authorize(params)
    expect(answer.status).toBe(200)
    expect(answer.raw).toContain(`data-errcode="${errcode}"`)
  })

  it('refuses a website appid (10016)', async () => {
    const answer = await authorize({ appid: h.creds.apps.website.appid })
    expect(answer.raw).toContain('data-errcode="10016"')
  })
})

describe('GET /connect/qrconnect', () => {
  // Regression: 取消 on the QR-login page ended on a page with no way back to the site.
  it('取消: says the login was cancelled and links back to redirect_uri with the state and no code', async () => {
    const web = h.creds.apps.website
    const page = await call(
      `${h.url}/connect/qrconnect?${qs({ appid: web.appid, redirect_uri: 'https://shop.example/pc?from=x', response_type: 'code', scope: 'snsapi_login', state: 'pc2' })}`,
    )
    const cancelled = await form('/__emulator/open/qrconnect/confirm', { ...hiddenFields(page.raw), user: 'frank', decision: 'cancel' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.raw).toContain('已取消登录')
    const back = new URL(/id="back" href="([^"]+)"/.exec(cancelled.raw)![1].replace(/&amp;/g, '&'))
    expect(`${back.origin}${back.pathname}`).toBe('https://shop.example/pc')
    expect(Object.fromEntries(back.searchParams)).toEqual({ from: 'x', state: 'pc2' })
  })

  it('shows a confirm page standing in for the scan, then redirects with a snsapi_login code', async () => {
    const web = h.creds.apps.website
    const page = await call(
      `${h.url}/connect/qrconnect?${qs({ appid: web.appid, redirect_uri: 'https://shop.example/pc', response_type: 'code', scope: 'snsapi_login', state: 'pc1' })}`,
    )
    expect(page.status).toBe(200)
    expect(page.raw).toContain('确认登录')
    await control(h, 'PUT', '/users/frank', { unionid: true })
    const confirmed = await form('/__emulator/open/qrconnect/confirm', { ...hiddenFields(page.raw), user: 'frank', decision: 'allow' })
    expect(confirmed.status).toBe(302)
    const location = new URL(confirmed.headers.get('location')!)
    expect(location.searchParams.get('state')).toBe('pc1')
    const token = (await exchange(location.searchParams.get('code')!, web)).json
    expect(token.scope).toBe('snsapi_login')
    expect(token.unionid).toBe((await control(h, 'GET', '/users/frank')).json.unionid)
  })
})

describe('/sns/oauth2/* and /sns/userinfo', () => {
  it('makes OAuth codes single use and 5-minute', async () => {
    const code = (await control(h, 'POST', '/oauth/code', { user: 'alice' })).json.code
    expect((await exchange(code)).json.access_token).toBeTruthy()
    expect((await exchange(code)).json.errcode).toBe(40163)
    const late = (await control(h, 'POST', '/oauth/code', { user: 'alice' })).json.code
    await control(h, 'POST', '/clock/advance', { seconds: 300 })
    expect((await exchange(late)).json.errcode).toBe(40029)
  })

  it('refuses userinfo for snsapi_base (48001) and a wrong openid (40003)', async () => {
    const code = (await control(h, 'POST', '/oauth/code', { user: 'alice', scope: 'snsapi_base' })).json.code
    const token = (await exchange(code)).json
    expect(token).not.toHaveProperty('unionid')
    const base = await call(`${h.url}/sns/userinfo?${qs({ access_token: token.access_token, openid: token.openid })}`)
    expect(base.json.errcode).toBe(48001)
    const code2 = (await control(h, 'POST', '/oauth/code', { user: 'bob' })).json.code
    const token2 = (await exchange(code2)).json
    const wrong = await call(`${h.url}/sns/userinfo?${qs({ access_token: token2.access_token, openid: token.openid })}`)
    expect(wrong.json.errcode).toBe(40003)
  })

  it('refresh keeps a valid access_token, replaces an expired one, and refresh_token lives 30 days', async () => {
    const oa = h.creds.apps.officialAccount
    const code = (await control(h, 'POST', '/oauth/code', { user: 'alice' })).json.code
    const token = (await exchange(code)).json
    const refresh = () =>
      call(`${h.url}/sns/oauth2/refresh_token?${qs({ appid: oa.appid, grant_type: 'refresh_token', refresh_token: token.refresh_token })}`)
    expect((await refresh()).json.access_token).toBe(token.access_token)
    await control(h, 'POST', '/clock/advance', { seconds: 7200 })
    const renewed = (await refresh()).json
    expect(renewed.access_token).not.toBe(token.access_token)
    expect(renewed).toMatchObject({ refresh_token: token.refresh_token, openid: token.openid, expires_in: 7200 })
    await control(h, 'POST', '/clock/advance', { seconds: 30 * 86400 })
    expect((await refresh()).json.errcode).toBe(42002)
    const bad = await call(`${h.url}/sns/oauth2/refresh_token?${qs({ appid: oa.appid, grant_type: 'refresh_token', refresh_token: 'nope' })}`)
    expect(bad.json.errcode).toBe(40030)
  })
})

describe('GET /cgi-bin/ticket/getticket and JS-SDK signatures', () => {
  it('returns the same jsapi ticket while valid and verifies wx.config signatures', async () => {
    const oa = h.creds.apps.officialAccount
    const token = (
      await call(`${h.url}/cgi-bin/stable_token`, {
        method: 'POST',
        body: JSON.stringify({ grant_type: 'client_credential', appid: oa.appid, secret: oa.secret }),
      })
    ).json.access_token
    const first = (await call(`${h.url}/cgi-bin/ticket/getticket?${qs({ access_token: token, type: 'jsapi' })}`)).json
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 })
    const second = (await call(`${h.url}/cgi-bin/ticket/getticket?${qs({ access_token: token, type: 'jsapi' })}`)).json
    expect(second.ticket).toBe(first.ticket)

    const url = 'https://shop.example/pay?x=1'
    const string1 = `jsapi_ticket=${first.ticket}&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=${url}`
    const signature = createHash('sha1').update(string1).digest('hex')
    const verify = (sig: string, pageUrl = url + '#/pages/x') =>
      control(h, 'POST', '/jssdk/verify', { appId: oa.appid, timestamp: '1414587457', nonceStr: 'Wm3WZYTPz0wzccnW', signature: sig, url: pageUrl })
    expect((await verify(signature)).json).toEqual({ ok: true, errMsg: 'config:ok' })
    expect((await verify(signature, 'https://shop.example/pay?x=2')).json.ok).toBe(false)
  })
})
