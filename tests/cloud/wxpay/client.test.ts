import { describe, expect, it, vi } from 'vitest'
import { HttpError, type HttpResponse } from '../../../cloud/shared/http'
import { encryptAesGcm } from '../../../cloud/wxpay/aes-gcm-cipher'
import { WxpayError, toCloudError } from '../../../cloud/wxpay/errors'
import { createWechatPay } from '../../../cloud/wxpay/wechat-pay'
import {
  MERCHANT_SERIAL,
  PLATFORM_SERIAL,
  PUBLIC_KEY_ID,
  TEST_APIV3_KEY,
  TEST_APPID,
  TEST_MCHID,
  parseAuthorization,
  rsaVerify,
  scriptedHttp,
  selfSignedCertificate,
  signedResponse,
  testKeyPair,
  type RecordedCall,
} from './fixtures'

const merchant = testKeyPair()
const wechatPublicKey = testKeyPair()
const platform = testKeyPair()
const NOW_MS = 1_700_000_000_000
const NOW = NOW_MS / 1000
const BASE = 'https://api.mch.example.test'

function nonces() {
  let n = 0
  return () => `NONCE${String(++n).padStart(4, '0')}`
}

type Step = HttpResponse | Error | ((call: RecordedCall) => HttpResponse)

function setup(script: Step[], options: { mode?: 'publicKey' | 'certificate' } = {}) {
  const http = scriptedHttp(script)
  const sleep = vi.fn(async (_ms: number) => undefined)
  const publicKeyMode = (options.mode ?? 'publicKey') === 'publicKey'
  const pay = createWechatPay({
    credentials: {
      mchId: TEST_MCHID,
      appId: TEST_APPID,
      apiV3Key: TEST_APIV3_KEY,
      merchantSerialNo: MERCHANT_SERIAL,
      merchantPrivateKey: merchant.privatePem,
      ...(publicKeyMode ? { publicKeyId: PUBLIC_KEY_ID, publicKey: wechatPublicKey.publicPem } : {}),
      notifyUrl: 'https://shop.example.test/pay/notify',
      refundNotifyUrl: 'https://shop.example.test/pay/refundNotify',
    },
    http,
    baseUrl: BASE,
    now: () => NOW_MS,
    nonce: nonces(),
    sleep,
    random: () => 0.5,
    retry: { retries: 2, baseDelayMs: 100 },
  })
  return { ...pay, http, sleep }
}

/** WeChat Pay answering, signed with the public key of public-key mode. */
function ok(body: string, status = 200): HttpResponse {
  return signedResponse(wechatPublicKey.privateKey, PUBLIC_KEY_ID, status, body, NOW)
}

function fail(status: number, code: string, message = 'upstream says: openid oXYZ is wrong'): HttpResponse {
  return { status, headers: { 'request-id': 'REQ-1' }, body: JSON.stringify({ code, message }) }
}

/** Check a recorded request the way WeChat Pay would, with node:crypto in the test. */
function expectSignedByMerchant(call: RecordedCall, method: string, pathWithQuery: string, body: string) {
  const { schema, fields } = parseAuthorization(call.request.headers.Authorization)
  expect(schema).toBe('WECHATPAY2-SHA256-RSA2048')
  expect(fields.mchid).toBe(TEST_MCHID)
  expect(fields.serial_no).toBe(MERCHANT_SERIAL)
  const message = `${method}\n${pathWithQuery}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`
  expect(rsaVerify(merchant.publicKey, message, fields.signature)).toBe(true)
}

const order = {
  description: 'Image形象店-深圳腾大-QQ公仔',
  out_trade_no: '1217752501201407033233368018',
  amount: { total: 100 },
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
}

describe('WechatPayClient requests', () => {
  it('creates a JSAPI order: signed body, headers, verified answer', async () => {
    const { client, http } = setup([ok('{"prepay_id":"wx26112221580621e9b071c00d9e093b0000"}')])
    await expect(client.createJsapiOrder(order)).resolves.toEqual({ prepay_id: 'wx26112221580621e9b071c00d9e093b0000' })

    expect(http.calls).toHaveLength(1)
    const [call] = http.calls
    expect(call.url).toBe(`${BASE}/v3/pay/transactions/jsapi`)
    expect(call.request.method).toBe('POST')
    expect(JSON.parse(call.request.body as string)).toEqual({
      ...order,
      appid: TEST_APPID,
      mchid: TEST_MCHID,
      notify_url: 'https://shop.example.test/pay/notify',
      amount: { total: 100, currency: 'CNY' },
    })
    expect(call.request.headers).toMatchObject({
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'Wechatpay-Serial': PUBLIC_KEY_ID,
    })
    expect(call.request.headers.Authorization).toMatch(
      new RegExp(
        `^WECHATPAY2-SHA256-RSA2048 mchid="${TEST_MCHID}",nonce_str="NONCE0001",signature="[A-Za-z0-9+/=]+",timestamp="${NOW}",serial_no="${MERCHANT_SERIAL}"$`,
      ),
    )
    expectSignedByMerchant(call, 'POST', '/v3/pay/transactions/jsapi', call.request.body as string)
  })

  it('queries by out_trade_no with a signed GET over path + query and an empty body', async () => {
    const transaction = { appid: TEST_APPID, mchid: TEST_MCHID, out_trade_no: order.out_trade_no, trade_state: 'NOTPAY' }
    const { client, http } = setup([ok(JSON.stringify(transaction))])
    await expect(client.queryOrderByOutTradeNo(order.out_trade_no)).resolves.toEqual(transaction)
    const [call] = http.calls
    const path = `/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=${TEST_MCHID}`
    expect(call.url).toBe(BASE + path)
    expect(call.request.method).toBe('GET')
    expect(call.request.body).toBeUndefined()
    expectSignedByMerchant(call, 'GET', path, '')
  })

  it('closes an order (204, empty signed body)', async () => {
    const { client, http } = setup([ok('', 204)])
    await expect(client.closeOrder(order.out_trade_no)).resolves.toBeUndefined()
    expect(http.calls[0].url).toBe(`${BASE}/v3/pay/transactions/out-trade-no/${order.out_trade_no}/close`)
    expect(http.calls[0].request.body).toBe(`{"mchid":"${TEST_MCHID}"}`)
  })

  it('creates H5 and Native orders', async () => {
    const { client, http } = setup([ok('{"h5_url":"https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1"}'), ok('{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"}')])
    const { payer: _payer, ...base } = order
    await expect(
      client.createH5Order({ ...base, scene_info: { payer_client_ip: '14.23.150.211', h5_info: { type: 'Wap' } } }),
    ).resolves.toMatchObject({ h5_url: expect.stringContaining('prepay_id=wx1') })
    await expect(client.createNativeOrder(base)).resolves.toEqual({ code_url: 'weixin://wxpay/bizpayurl?pr=p4lpSuKzz' })
    expect(http.calls.map((c) => c.url)).toEqual([`${BASE}/v3/pay/transactions/h5`, `${BASE}/v3/pay/transactions/native`])
  })

  it('creates and queries refunds, amounts in fen, notify URL from config', async () => {
    const refund = { refund_id: '50000000382019052709732678859', out_refund_no: 'R1', transaction_id: '42', out_trade_no: order.out_trade_no, status: 'PROCESSING', amount: { total: 100, refund: 30 } }
    const { client, http } = setup([ok(JSON.stringify(refund)), ok(JSON.stringify({ ...refund, status: 'SUCCESS' }))])
    await expect(client.createRefund({ out_trade_no: order.out_trade_no, out_refund_no: 'R1', amount: { refund: 30, total: 100 } })).resolves.toEqual(refund)
    expect(JSON.parse(http.calls[0].request.body as string)).toEqual({
      out_trade_no: order.out_trade_no,
      out_refund_no: 'R1',
      notify_url: 'https://shop.example.test/pay/refundNotify',
      amount: { refund: 30, total: 100, currency: 'CNY' },
    })
    await expect(client.queryRefund('R1')).resolves.toMatchObject({ status: 'SUCCESS' })
    expect(http.calls[1].url).toBe(`${BASE}/v3/refund/domestic/refunds/R1`)
  })

  it('sends no Wechatpay-Serial in platform-certificate mode', async () => {
    const { client, http } = setup([new HttpError('network', 'api.mch.example.test')], { mode: 'certificate' })
    await expect(client.queryOrderByOutTradeNo(order.out_trade_no)).rejects.toMatchObject({ code: 'NETWORK_ERROR' })
    expect(http.calls[0].request.headers).not.toHaveProperty('Wechatpay-Serial')
  })

  it.each([
    ['a float amount (yuan, not fen)', { ...order, amount: { total: 0.1 } }],
    ['a zero amount', { ...order, amount: { total: 0 } }],
    ['an amount as a string', { ...order, amount: { total: '100' as unknown as number } }],
    ['a short out_trade_no', { ...order, out_trade_no: 'A1' }],
    ['a description over 127 characters', { ...order, description: 'x'.repeat(128) }],
    ['no openid', { ...order, payer: { openid: '' } }],
  ])('rejects %s locally, without calling WeChat Pay', async (_name, bad) => {
    const { client, http } = setup([])
    await expect(client.createJsapiOrder(bad)).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
    expect(http.calls).toHaveLength(0)
  })

  it('rejects a refund over the order total locally', async () => {
    const { client, http } = setup([])
    await expect(client.createRefund({ out_trade_no: order.out_trade_no, out_refund_no: 'R1', amount: { refund: 101, total: 100 } })).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
    expect(http.calls).toHaveLength(0)
  })
})

describe('WechatPayClient response verification', () => {
  it('rejects a success answer signed by the wrong key, without retrying', async () => {
    const forged = signedResponse(testKeyPair().privateKey, PUBLIC_KEY_ID, 200, '{"prepay_id":"evil"}', NOW)
    const { client, http } = setup([forged, ok('{"prepay_id":"never"}')])
    await expect(client.createJsapiOrder(order)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' })
    expect(http.calls).toHaveLength(1)
  })

  it('rejects a success answer whose body was changed after signing', async () => {
    const signed = ok('{"prepay_id":"wx1"}')
    const { client } = setup([{ ...signed, body: '{"prepay_id":"wx2"}' }])
    await expect(client.createJsapiOrder(order)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' })
  })

  it('rejects an unsigned success answer', async () => {
    const { client } = setup([{ status: 200, headers: {}, body: '{"prepay_id":"wx1"}' }])
    await expect(client.createJsapiOrder(order)).rejects.toMatchObject({ code: 'HEADER_MISSING' })
  })

  it('rejects a stale success answer', async () => {
    const { client } = setup([signedResponse(wechatPublicKey.privateKey, PUBLIC_KEY_ID, 200, '{"prepay_id":"wx1"}', NOW - 301)])
    await expect(client.createJsapiOrder(order)).rejects.toMatchObject({ code: 'TIMESTAMP_EXPIRED' })
  })

  it('downloads platform certificates on first use in certificate mode, through the signed client', async () => {
    const certificatePem = selfSignedCertificate(platform, PLATFORM_SERIAL, new Date(NOW_MS - 86_400_000), new Date(NOW_MS + 86_400_000))
    const list = JSON.stringify({
      data: [
        {
          serial_no: PLATFORM_SERIAL,
          encrypt_certificate: {
            algorithm: 'AEAD_AES_256_GCM',
            nonce: 'a1b2c3d4e5f6',
            associated_data: 'certificate',
            ciphertext: encryptAesGcm({ key: TEST_APIV3_KEY, nonce: 'a1b2c3d4e5f6', associatedData: 'certificate', plaintext: certificatePem }),
          },
        },
      ],
    })
    const answer = (body: string) => signedResponse(platform.privateKey, PLATFORM_SERIAL, 200, body, NOW)
    const { client, http, verifier } = setup([answer('{"prepay_id":"wx1"}'), answer(list), answer('{"prepay_id":"wx2"}')], { mode: 'certificate' })
    await expect(client.createJsapiOrder(order)).resolves.toEqual({ prepay_id: 'wx1' })
    expect(http.calls.map((c) => `${c.request.method} ${c.url}`)).toEqual([
      `POST ${BASE}/v3/pay/transactions/jsapi`,
      `GET ${BASE}/v3/certificates`,
    ])
    expectSignedByMerchant(http.calls[1], 'GET', '/v3/certificates', '')
    expect(verifier.knownSerials()).toEqual([PLATFORM_SERIAL])
    await client.createJsapiOrder(order)
    expect(http.calls).toHaveLength(3)
  })
})

describe('WechatPayClient errors and retries', () => {
  it('retries 500 SYSTEM_ERROR twice then succeeds: 3 calls, fresh nonce each, growing back-off', async () => {
    const { client, http, sleep } = setup([fail(500, 'SYSTEM_ERROR'), fail(500, 'SYSTEM_ERROR'), ok('{"prepay_id":"wx1"}')])
    await expect(client.createJsapiOrder(order)).resolves.toEqual({ prepay_id: 'wx1' })
    expect(http.calls).toHaveLength(3)
    // Same parameters each time (WeChat's rule for SYSTEM_ERROR), re-signed each time.
    expect(new Set(http.calls.map((c) => c.request.body)).size).toBe(1)
    expect(http.calls.map((c) => parseAuthorization(c.request.headers.Authorization).fields.nonce_str)).toEqual([
      'NONCE0001',
      'NONCE0002',
      'NONCE0003',
    ])
    for (const call of http.calls) expectSignedByMerchant(call, 'POST', '/v3/pay/transactions/jsapi', call.request.body as string)
    // random 0.5 → 75 % of the exponential ceiling: 100 ms then 200 ms.
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([75, 150])
  })

  it('gives up after the retries with the last typed error', async () => {
    const { client, http } = setup([fail(500, 'SYSTEM_ERROR'), fail(500, 'SYSTEM_ERROR'), fail(500, 'SYSTEM_ERROR'), ok('{}')])
    await expect(client.createJsapiOrder(order)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', status: 500, wechatCode: 'SYSTEM_ERROR' })
    expect(http.calls).toHaveLength(3)
  })

  it('retries 429 FREQUENCY_LIMITED', async () => {
    const { client, http } = setup([fail(429, 'FREQUENCY_LIMITED'), ok('{"trade_state":"SUCCESS"}')])
    await expect(client.queryOrderByOutTradeNo(order.out_trade_no)).resolves.toMatchObject({ trade_state: 'SUCCESS' })
    expect(http.calls).toHaveLength(2)
  })

  it('retries timeouts of idempotent calls', async () => {
    const timeout = () => new HttpError('timeout', 'api.mch.example.test', 10_000)
    const { client, http } = setup([timeout(), timeout(), ok('{"trade_state":"NOTPAY"}')])
    await expect(client.queryOrderByOutTradeNo(order.out_trade_no)).resolves.toMatchObject({ trade_state: 'NOTPAY' })
    expect(http.calls).toHaveLength(3)

    const exhausted = setup([timeout(), timeout(), timeout()])
    await expect(exhausted.client.queryOrderByOutTradeNo(order.out_trade_no)).rejects.toMatchObject({ code: 'TIMEOUT' })
  })

  it.each([
    [400, 'PARAM_ERROR'],
    [401, 'SIGN_ERROR'],
    [403, 'OUT_TRADE_NO_USED'],
    [404, 'ORDER_NOT_EXIST'],
    [502, 'BAD_GATEWAY'],
    [500, 'INVALID_REQUEST'],
  ])('does not retry %i %s: 1 call, typed error', async (status, code) => {
    const { client, http, sleep } = setup([fail(status, code), ok('{"prepay_id":"never"}')])
    const failure = await client.createJsapiOrder(order).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(WxpayError)
    expect(failure).toMatchObject({ code: 'UPSTREAM_ERROR', status, wechatCode: code, requestId: 'REQ-1' })
    expect((failure as Error).message).toBe(`WeChat Pay answered ${status} ${code}`)
    expect((failure as WxpayError).upstreamMessage).toContain('oXYZ')
    expect(http.calls).toHaveLength(1)
    expect(sleep).not.toHaveBeenCalled()
  })

  it('does not retry a non-idempotent call, even on SYSTEM_ERROR or timeout', async () => {
    const { client, http } = setup([fail(500, 'SYSTEM_ERROR'), ok('{}')])
    await expect(client.request({ method: 'POST', path: '/v3/some/new/action', body: { a: 1 } })).rejects.toMatchObject({
      wechatCode: 'SYSTEM_ERROR',
    })
    expect(http.calls).toHaveLength(1)

    const timed = setup([new HttpError('timeout', 'h', 1), ok('{}')])
    await expect(timed.client.request({ method: 'POST', path: '/v3/some/new/action', body: {} })).rejects.toMatchObject({ code: 'TIMEOUT' })
    expect(timed.http.calls).toHaveLength(1)
  })

  it('does not retry a network failure', async () => {
    const { client, http } = setup([new Error('ECONNRESET'), ok('{}')])
    await expect(client.queryOrderByOutTradeNo(order.out_trade_no)).rejects.toMatchObject({ code: 'NETWORK_ERROR' })
    expect(http.calls).toHaveLength(1)
  })

  it('handles an error answer that is not JSON', async () => {
    const { client } = setup([{ status: 502, headers: {}, body: '<html>Bad Gateway</html>' }])
    await expect(client.createJsapiOrder(order)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', status: 502, message: 'WeChat Pay answered 502' })
  })

  it('maps protocol errors to cloud errors without the upstream message', () => {
    const error = new WxpayError('UPSTREAM_ERROR', 'WeChat Pay answered 400 PARAM_ERROR', { status: 400, wechatCode: 'PARAM_ERROR', upstreamMessage: 'openid oXYZ' })
    const cloud = toCloudError(error)
    expect(cloud).toMatchObject({ code: 'WXPAY_UPSTREAM_ERROR', detail: { wxpayCode: 'UPSTREAM_ERROR', status: 400, wechatCode: 'PARAM_ERROR' } })
    expect(JSON.stringify({ message: cloud.message, detail: cloud.detail })).not.toContain('oXYZ')
    expect(toCloudError(new WxpayError('SIGNTEST', 'x')).code).toBe('WXPAY_SIGNATURE_INVALID')
    expect(toCloudError(new WxpayError('DECRYPT_FAILED', 'x')).code).toBe('WXPAY_NOTIFY_INVALID')
  })
})

describe('WechatPayClient trade bills', () => {
  const info = { hash_type: 'SHA1', hash_value: '79f2bd0f1c6a4a8d7dbfcd4ae1a2f1e2b3c4d5e6', download_url: `${BASE}/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO&tartype=gzip` }

  it('applies for a bill: a signed GET with bill_date, bill_type and tar_type, the answer verified', async () => {
    const { client, http } = setup([ok(JSON.stringify(info))])
    await expect(client.applyTradeBill({ bill_date: '2025-03-14', bill_type: 'ALL', tar_type: 'GZIP' })).resolves.toEqual(info)
    const path = '/v3/bill/tradebill?bill_date=2025-03-14&bill_type=ALL&tar_type=GZIP'
    expect(http.calls[0].url).toBe(BASE + path)
    expectSignedByMerchant(http.calls[0], 'GET', path, '')
  })

  it('refuses an unsigned answer to the application (only the download goes unverified)', async () => {
    const { client } = setup([{ status: 200, headers: {}, body: JSON.stringify(info) }])
    await expect(client.applyTradeBill({ bill_date: '2025-03-14' })).rejects.toMatchObject({ code: 'HEADER_MISSING' })
  })

  it('answers STATEMENT_CREATING and NO_STATEMENT_EXIST as typed upstream errors', async () => {
    const { client } = setup([fail(400, 'STATEMENT_CREATING', '账单生成中'), fail(400, 'NO_STATEMENT_EXIST', '请求的账单文件不存在')])
    await expect(client.applyTradeBill({ bill_date: '2025-03-14' })).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', status: 400, wechatCode: 'STATEMENT_CREATING' })
    await expect(client.applyTradeBill({ bill_date: '2025-03-14' })).rejects.toMatchObject({ wechatCode: 'NO_STATEMENT_EXIST' })
  })

  it('rejects a bill_date that is not yyyy-MM-DD before sending anything', async () => {
    const { client, http } = setup([])
    await expect(client.applyTradeBill({ bill_date: '20250314' })).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
    expect(http.calls).toHaveLength(0)
  })

  it('downloads the file with a signed GET over the URL’s path and query, asks for bytes, and does not verify the unsigned answer', async () => {
    const gz = new Uint8Array([0x1f, 0x8b, 1, 2, 3])
    const { client, http } = setup([{ status: 200, headers: { 'content-type': 'application/octet-stream' }, body: '', bytes: gz }])
    await expect(client.downloadBill(info.download_url)).resolves.toEqual(gz)
    const path = new URL(info.download_url)
    expect(http.calls[0].url).toBe(info.download_url)
    expect(http.calls[0].request).toMatchObject({ method: 'GET', responseType: 'bytes' })
    expectSignedByMerchant(http.calls[0], 'GET', path.pathname + path.search, '')
  })

  it('sends the download to another WeChat Pay host when the URL names one (https, *.mch.weixin.qq.com), signed over its own path', async () => {
    const { client, http } = setup([{ status: 200, headers: {}, body: '', bytes: new Uint8Array([1]) }])
    await client.downloadBill('https://api2.mch.weixin.qq.com/v3/billdownload/file?token=T')
    expect(http.calls[0].url).toBe('https://api2.mch.weixin.qq.com/v3/billdownload/file?token=T')
    expectSignedByMerchant(http.calls[0], 'GET', '/v3/billdownload/file?token=T', '')
  })

  it.each(['https://evil.example/v3/billdownload/file?token=T', 'http://api.mch.weixin.qq.com/v3/billdownload/file?token=T', 'https://mch.weixin.qq.com.evil.example/x', 'not a url'])(
    'refuses to send a signed request to %s',
    async (url) => {
      const { client, http } = setup([])
      await expect(client.downloadBill(url)).rejects.toMatchObject({ code: 'RESPONSE_MALFORMED' })
      expect(http.calls).toHaveLength(0)
    },
  )

  it('turns an error answer of the download into a typed error (its JSON read from the bytes) and retries a 500', async () => {
    const errorBytes = (code: string) => new Uint8Array(Buffer.from(JSON.stringify({ code, message: '账单下载链接已失效' })))
    const { client, http } = setup([
      { status: 500, headers: {}, body: '', bytes: errorBytes('SYSTEM_ERROR') },
      { status: 400, headers: {}, body: '', bytes: errorBytes('INVALID_REQUEST') },
    ])
    await expect(client.downloadBill(info.download_url)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', status: 400, wechatCode: 'INVALID_REQUEST' })
    expect(http.calls).toHaveLength(2)
  })
})

describe('buildRequestPaymentParams', () => {
  it('returns the signed wx.requestPayment parameters', () => {
    const { client } = setup([])
    const params = client.buildRequestPaymentParams({ appId: TEST_APPID, prepayId: 'wx201410272009395522657a690389285100' })
    expect(params).toEqual({
      appId: TEST_APPID,
      timeStamp: '1700000000',
      nonceStr: 'NONCE0001',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
      paySign: expect.any(String),
    })
    const message = 'wxd678efh567hg6787\n1700000000\nNONCE0001\nprepay_id=wx201410272009395522657a690389285100\n'
    expect(rsaVerify(merchant.publicKey, message, params.paySign)).toBe(true)
    expect(rsaVerify(wechatPublicKey.publicKey, message, params.paySign)).toBe(false)
  })

  it('defaults appId to the merchant appId and uses a CSPRNG nonce when none is injected', async () => {
    const { WechatPayClient } = await import('../../../cloud/wxpay/client')
    const { RsaSigner } = await import('../../../cloud/wxpay/rsa-signer')
    const { WechatPayValidator } = await import('../../../cloud/wxpay/validator')
    const { RsaVerifier } = await import('../../../cloud/wxpay/rsa-verifier')
    const client = new WechatPayClient({
      mchId: TEST_MCHID,
      appId: TEST_APPID,
      signer: new RsaSigner({ privateKey: merchant.privateKey, serialNo: MERCHANT_SERIAL }),
      validator: new WechatPayValidator({ verifier: new RsaVerifier() }),
      http: scriptedHttp([]),
    })
    const a = client.buildRequestPaymentParams({ prepayId: 'wx1' })
    const b = client.buildRequestPaymentParams({ prepayId: 'wx1' })
    expect(a.appId).toBe(TEST_APPID)
    expect(a.nonceStr).toMatch(/^[0-9A-F]{32}$/)
    expect(a.nonceStr).not.toBe(b.nonceStr)
    expect(a.timeStamp).toMatch(/^\d{10}$/)
  })
})
