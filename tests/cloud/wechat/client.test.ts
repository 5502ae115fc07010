/** The WeChat API client: errcode → stable code, bounded retries with back-off, nothing secret in errors. */
import { describe, expect, it } from 'vitest'
import { HttpError, type HttpClient, type HttpRequest, type HttpResponse } from '../../../cloud/shared/http'
import { createWechatClient } from '../../../cloud/wechat/client'

const SECRET = 'testingsecret0123456789abcdef012'
const BASE = 'https://api.weixin.test'

type Reply = HttpResponse | Error

/** An HttpClient answering from a script, recording every request. */
function scripted(replies: Reply[]) {
  const requests: Array<{ url: string } & HttpRequest> = []
  const http: HttpClient = {
    async request(url, request) {
      requests.push({ url, ...request })
      const reply = replies.length > 1 ? replies.shift()! : replies[0]
      if (reply instanceof Error) throw reply
      return reply
    },
  }
  return { http, requests }
}

const ok = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body: JSON.stringify(body) })
const wxError = (errcode: number, errmsg = 'upstream text with secret ' + SECRET) => ok({ errcode, errmsg })

function client(replies: Reply[]) {
  const { http, requests } = scripted(replies)
  const sleeps: number[] = []
  const wechat = createWechatClient({
    http,
    baseUrl: BASE,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  })
  return { wechat, requests, sleeps }
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; detail?: unknown }> {
  try {
    await promise
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error('expected a rejection')
}

const login = (wechat: ReturnType<typeof createWechatClient>) => wechat.jscode2session({ appid: 'wxapp', secret: SECRET, code: 'the-code' })

describe('errcode mapping', () => {
  it.each([
    [40029, 'WX_CODE_INVALID'],
    [40163, 'WX_CODE_USED'],
    [45011, 'WX_RATE_LIMITED'],
    [40226, 'WX_USER_BLOCKED'],
    [40013, 'CONFIG_INVALID'],
    [40125, 'CONFIG_INVALID'],
    [40001, 'WX_UPSTREAM_ERROR'],
    [48001, 'WX_UPSTREAM_ERROR'],
    [99999, 'WX_UPSTREAM_ERROR'],
  ])('errcode %i → %s, without retrying', async (errcode, code) => {
    const { wechat, requests } = client([wxError(errcode)])
    const error = await failure(login(wechat))
    expect(error.code).toBe(code)
    expect(error.detail).toEqual({ errcode })
    expect(requests).toHaveLength(1)
    expect(error.message).not.toContain(SECRET)
    expect(error.message).not.toContain('upstream text')
  })

  it('-1 is retried with growing back-off, then WX_UPSTREAM_BUSY', async () => {
    const { wechat, requests, sleeps } = client([wxError(-1)])
    expect((await failure(login(wechat))).code).toBe('WX_UPSTREAM_BUSY')
    expect(requests).toHaveLength(3)
    expect(sleeps).toHaveLength(2)
    expect(sleeps[1]).toBeGreaterThan(sleeps[0])
  })

  it('-1 then success answers the success', async () => {
    const { wechat, requests } = client([wxError(-1), ok({ openid: 'o-1', session_key: 'c2Vzc2lvbmtleQ==' })])
    await expect(login(wechat)).resolves.toEqual({ openid: 'o-1', sessionKey: 'c2Vzc2lvbmtleQ==' })
    expect(requests).toHaveLength(2)
  })

  it.each([
    ['a timeout', new HttpError('timeout', 'api.weixin.test', 3000)],
    ['a network failure', new HttpError('network', 'api.weixin.test')],
    ['HTTP 502', { status: 502, headers: {}, body: 'bad gateway' }],
  ])('%s is retried, then WX_UPSTREAM_BUSY', async (_name, reply) => {
    const { wechat, requests } = client([reply as Reply])
    expect((await failure(login(wechat))).code).toBe('WX_UPSTREAM_BUSY')
    expect(requests).toHaveLength(3)
  })

  it('40163 after our own failed attempt is WX_UPSTREAM_BUSY (that attempt spent the code)', async () => {
    const { wechat } = client([new HttpError('timeout', 'api.weixin.test', 3000), wxError(40163)])
    expect((await failure(login(wechat))).code).toBe('WX_UPSTREAM_BUSY')
  })

  it('HTTP 4xx and malformed bodies are WX_UPSTREAM_ERROR without retry', async () => {
    for (const reply of [{ status: 404, headers: {}, body: '' }, ok([]), { status: 200, headers: {}, body: '<html>' }, ok({ openid: 'o' })]) {
      const { wechat, requests } = client([reply])
      expect((await failure(login(wechat))).code).toBe('WX_UPSTREAM_ERROR')
      expect(requests).toHaveLength(1)
    }
  })
})

describe('requests', () => {
  it('jscode2session: GET with appid, secret, js_code and grant_type; unionid when present', async () => {
    const { wechat, requests } = client([ok({ openid: 'o-1', session_key: 'k', unionid: 'u-1' })])
    await expect(login(wechat)).resolves.toEqual({ openid: 'o-1', sessionKey: 'k', unionid: 'u-1' })
    const url = new URL(requests[0].url)
    expect(requests[0].method).toBe('GET')
    expect(url.origin + url.pathname).toBe(`${BASE}/sns/jscode2session`)
    expect(Object.fromEntries(url.searchParams)).toEqual({ appid: 'wxapp', secret: SECRET, js_code: 'the-code', grant_type: 'authorization_code' })
  })

  it('stable_token: POST JSON body with force_refresh', async () => {
    const { wechat, requests } = client([ok({ access_token: 'AT', expires_in: 7200 })])
    await expect(wechat.stableToken({ appid: 'wxapp', secret: SECRET, forceRefresh: true })).resolves.toEqual({ accessToken: 'AT', expiresIn: 7200 })
    expect(requests[0].method).toBe('POST')
    expect(requests[0].url).toBe(`${BASE}/cgi-bin/stable_token?`)
    expect(JSON.parse(requests[0].body!)).toEqual({ grant_type: 'client_credential', appid: 'wxapp', secret: SECRET, force_refresh: true })
  })

  it('getuserphonenumber: access_token in the query, code in the body, phone_info parsed', async () => {
    const { wechat, requests } = client([
      ok({ errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: '13800001111', purePhoneNumber: '13800001111', countryCode: '86', watermark: { timestamp: 1, appid: 'wxapp' } } }),
    ])
    const info = await wechat.getUserPhoneNumber({ accessToken: 'AT', code: 'pc' })
    expect(info).toMatchObject({ purePhoneNumber: '13800001111', countryCode: '86', watermark: { appid: 'wxapp' } })
    expect(new URL(requests[0].url).searchParams.get('access_token')).toBe('AT')
    expect(JSON.parse(requests[0].body!)).toEqual({ code: 'pc' })
  })

  it('oauth2/access_token, userinfo and getticket parse their answers', async () => {
    const { wechat, requests } = client([
      ok({ access_token: 'UAT', expires_in: 7200, refresh_token: 'URT', openid: 'o-web', scope: 'snsapi_userinfo', unionid: 'u' }),
      ok({ openid: 'o-web', nickname: '小明', headimgurl: 'https://img/1' }),
      ok({ errcode: 0, errmsg: 'ok', ticket: 'TICKET', expires_in: 7200 }),
    ])
    expect(await wechat.oauthAccessToken({ appid: 'wxoa', secret: SECRET, code: 'c' })).toEqual({
      accessToken: 'UAT', expiresIn: 7200, refreshToken: 'URT', openid: 'o-web', scope: 'snsapi_userinfo', unionid: 'u',
    })
    expect(await wechat.oauthUserInfo({ accessToken: 'UAT', openid: 'o-web' })).toEqual({ openid: 'o-web', nickname: '小明', headimgurl: 'https://img/1' })
    expect(await wechat.getTicket({ accessToken: 'AT', type: 'jsapi' })).toEqual({ ticket: 'TICKET', expiresIn: 7200 })
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(['/sns/oauth2/access_token', '/sns/userinfo', '/cgi-bin/ticket/getticket'])
  })
})

describe('小程序发货信息管理', () => {
  const info = {
    order_key: { order_number_type: 2 as const, transaction_id: '4200000001' },
    logistics_type: 1 as const,
    delivery_mode: 1 as const,
    shipping_list: [{ tracking_no: 'YT1', express_company: 'YTO', item_desc: '马克杯' }],
    upload_time: '2025-01-01T20:00:00.000+08:00',
    payer: { openid: 'o-payer' },
  }

  it('is_trade_managed, upload_shipping_info, get_order, notify_confirm_receive, get_delivery_list: POST with the access_token, the documented bodies', async () => {
    const { wechat, requests } = client([
      ok({ errcode: 0, errmsg: 'ok', is_trade_managed: true }),
      ok({ errcode: 0, errmsg: 'ok' }),
      ok({ errcode: 0, errmsg: 'ok', order: { order_state: 3, in_complaint: false, shipping: { finish_shipping_count: 1 } } }),
      ok({ errcode: 0, errmsg: 'ok' }),
      ok({ errcode: 0, errmsg: 'ok', delivery_list: [{ delivery_id: 'SF', delivery_name: '顺丰速运' }, { delivery_id: 'YTO' }, { delivery_name: 'no id' }], count: 3 }),
    ])
    expect(await wechat.isTradeManaged({ accessToken: 'AT', appid: 'wxmp' })).toBe(true)
    await wechat.uploadShippingInfo({ accessToken: 'AT', info })
    expect(await wechat.getShippingOrder({ accessToken: 'AT', trade: { merchantId: '1900000109', merchantTradeNo: 'T1' } })).toEqual({
      orderState: 3,
      finishShippingCount: 1,
      inComplaint: false,
    })
    await wechat.notifyConfirmReceive({ accessToken: 'AT', trade: { transactionId: '4200000001' }, receivedTime: 1735732800 })
    expect(await wechat.getDeliveryList({ accessToken: 'AT' })).toEqual([
      { id: 'SF', name: '顺丰速运' },
      { id: 'YTO', name: 'YTO' },
    ])
    expect(requests.map((r) => [r.method, new URL(r.url).pathname, new URL(r.url).searchParams.get('access_token')])).toEqual([
      ['POST', '/wxa/sec/order/is_trade_managed', 'AT'],
      ['POST', '/wxa/sec/order/upload_shipping_info', 'AT'],
      ['POST', '/wxa/sec/order/get_order', 'AT'],
      ['POST', '/wxa/sec/order/notify_confirm_receive', 'AT'],
      ['POST', '/cgi-bin/express/delivery/open_msg/get_delivery_list', 'AT'],
    ])
    expect(requests.map((r) => JSON.parse(r.body!))).toEqual([
      { appid: 'wxmp' },
      info,
      // get_order names the trade merchant_id / merchant_trade_no, not upload's mchid / out_trade_no.
      { merchant_id: '1900000109', merchant_trade_no: 'T1' },
      { transaction_id: '4200000001', received_time: 1735732800 },
      {},
    ])
  })

  it.each([
    [10060001, 'SHIPPING_TRADE_NOT_FOUND'],
    [10060002, 'SHIPPING_ALREADY_COMPLETED'],
    [10060003, 'SHIPPING_CORRECTION_USED'],
    [10060004, 'SHIPPING_NOT_SHIPPABLE'],
    [10060031, 'SHIPPING_PAYER_MISMATCH'],
    [10060014, 'SHIPPING_INFO_REJECTED'],
    [268485228, 'SHIPPING_INFO_REJECTED'],
    [10060012, 'WX_UPSTREAM_BUSY'],
    [44990, 'WX_RATE_LIMITED'],
  ])('upload errcode %i → %s, one request (the shipping back-off decides on retries)', async (errcode, code) => {
    const { wechat, requests } = client([wxError(errcode)])
    const error = await failure(wechat.uploadShippingInfo({ accessToken: 'AT', info }))
    expect(error.code).toBe(code)
    expect(error.detail).toEqual({ errcode })
    expect(error.message).not.toContain('upstream text')
    expect(requests).toHaveLength(1)
  })

  it('answers without the documented fields are WX_UPSTREAM_ERROR', async () => {
    const { wechat } = client([ok({ errcode: 0 })])
    expect((await failure(wechat.isTradeManaged({ accessToken: 'AT', appid: 'wxmp' }))).code).toBe('WX_UPSTREAM_ERROR')
    expect((await failure(wechat.getShippingOrder({ accessToken: 'AT', trade: { transactionId: '1' } }))).code).toBe('WX_UPSTREAM_ERROR')
    expect((await failure(wechat.getDeliveryList({ accessToken: 'AT' }))).code).toBe('WX_UPSTREAM_ERROR')
  })
})
