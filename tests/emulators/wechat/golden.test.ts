/**
 * Golden texts: the exact strings WeChat signs and verifies, written out
 * literally here and checked with Node crypto, then proven against the
 * emulator over HTTP (it accepts the literal text and refuses near misses).
 */
import { createCipheriv, createHash, createHmac, createSign, createVerify } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aesGcmDecrypt, aesGcmEncrypt } from '../../../emulators/wechat/crypto/aes-gcm-cipher'
import {
  jssdkSigningString,
  parseAuthorization,
  paySignMessage,
  requestSigningMessage,
  responseSigningMessage,
} from '../../../emulators/wechat/crypto/sign-messages'
import { call, control, decryptResource, login, startEmulator, startReceiver, waitFor, wxpay, type Harness, type Receiver } from './helpers'

describe('message builders produce the documented texts', () => {
  it('request: METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nBODY\\n', () => {
    expect(requestSigningMessage('POST', '/v3/pay/transactions/jsapi', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', '{"appid":"wxd678efh567hg6787"}')).toBe(
      'POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"appid":"wxd678efh567hg6787"}\n',
    )
    expect(requestSigningMessage('GET', '/v3/certificates?x=1', '1554208460', 'N', '')).toBe('GET\n/v3/certificates?x=1\n1554208460\nN\n\n')
  })

  it('response / notify: TIMESTAMP\\nNONCE\\nBODY\\n', () => {
    expect(responseSigningMessage('1554209980', 'c5ac7061fccab6bf3e254dcf98995b8c', '{"data":[]}')).toBe(
      '1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{"data":[]}\n',
    )
    expect(responseSigningMessage('1554209980', 'N', '')).toBe('1554209980\nN\n\n')
  })

  it('paySign: appId\\ntimeStamp\\nnonceStr\\npackage\\n', () => {
    expect(paySignMessage('wx8888888888888888', '1414561699', '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', 'prepay_id=wx201410272009395522657a690389285100')).toBe(
      'wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n',
    )
  })

  it('JS-SDK: the documented example string and its sha1', () => {
    const text = jssdkSigningString({
      jsapiTicket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: '1414587457',
      url: 'http://mp.weixin.qq.com?params=value#fragment',
    })
    expect(text).toBe(
      'jsapi_ticket=sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value',
    )
    expect(createHash('sha1').update(text).digest('hex')).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed')
  })

  it('parses the Authorization header in any field order', () => {
    const fields = parseAuthorization(
      'WECHATPAY2-SHA256-RSA2048 serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C",mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",timestamp="1554208460",signature="uOVRnA4qG/MNnYzdQxJanN+zU+lTgIcnU9BxGw5dKjK+VdEUz2FeIoC+D5sB/LN+nGzX3hfZg6r5wT1pl2ZobmIc6p0ldN7J6yDgUzbX8Uk3sD4a4eZVPTBvqNDoUqcYMlZ9uuDdCvNv4TM3c1WzsXUrExwVkI1XO5jCNbgDJ25nkT/c1gIFvqoogl7MdSFGc4W4xZsqCItnqbypR3RuGIlR9h9vlRsy7zJR9PBI83X8alLDIfR1ukt1P7tMnmogZ0cuDY8cZsd8ZlCgLadmvej58SLsIkVxFJ8XmUgx9FqzI1xD0M4Y5S8fC+fKqJCBRL+1x0bUn3vEYI5FOm4j5Yw=="',
      'WECHATPAY2-SHA256-RSA2048',
    )
    expect(fields).toMatchObject({ mchid: '1900009191', timestamp: '1554208460', serial_no: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C' })
    expect(parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1"', 'WECHATPAY2-SHA256-RSA2048')).toBeUndefined()
    expect(parseAuthorization('Bearer mchid="1"', 'WECHATPAY2-SHA256-RSA2048')).toBeUndefined()
  })

  it('AES-256-GCM: a fixed vector, with the 16-byte tag at the end of the ciphertext', () => {
    const key = '0123456789abcdefghijklmnopqrstuv'
    const plaintext = '{"out_trade_no":"golden_0001","trade_state":"SUCCESS"}'
    const expected = 'vEKBieFhZE3y3Yg3F+vPNx1QicxhjZslIwXPXpm3YXiMAIYqsY0wJzpCzBVknnrubwZod+s9QeBj66XO7P5ndM0fJYaLQQ=='
    expect(aesGcmEncrypt(key, 'abcdefghijkl', 'transaction', plaintext)).toBe(expected)
    const node = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from('abcdefghijkl'))
    node.setAAD(Buffer.from('transaction'))
    const body = node.update(plaintext, 'utf8')
    node.final()
    expect(Buffer.from(expected, 'base64').subarray(0, -16).equals(body)).toBe(true)
    expect(Buffer.from(expected, 'base64').subarray(-16).equals(node.getAuthTag())).toBe(true)
    expect(aesGcmDecrypt(key, 'abcdefghijkl', 'transaction', expected)).toBe(plaintext)
    expect(() => aesGcmDecrypt(key, 'abcdefghijkl', 'refund', expected)).toThrow()
  })
})

describe('the emulator verifies and signs exactly those texts', () => {
  let h: Harness
  let receiver: Receiver
  let openid: string
  beforeAll(async () => {
    h = await startEmulator()
    receiver = await startReceiver(() => 204)
    openid = (await login(h, 'alice')).openid
  })
  afterAll(async () => {
    await h.close()
    await receiver.close()
  })

  function signed(message: string, fields: { timestamp: string; nonce: string }) {
    const signature = createSign('RSA-SHA256').update(message).sign(h.creds.merchant.privateKey, 'base64')
    return `WECHATPAY2-SHA256-RSA2048 mchid="${h.creds.mchid}",nonce_str="${fields.nonce}",signature="${signature}",timestamp="${fields.timestamp}",serial_no="${h.creds.merchant.serialNo}"`
  }

  it('accepts a request signed over the literal text and refuses near misses', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = '593BEC0C930BF1AFEB40B4A08C8FB242'
    const path = `/v3/pay/transactions/out-trade-no/GOLDEN0001?mchid=${h.creds.mchid}`
    const send = (message: string) =>
      call(h.url + path, { headers: { Accept: 'application/json', Authorization: signed(message, { timestamp, nonce }) } })
    expect((await send('GET\n' + path + '\n' + timestamp + '\n' + nonce + '\n\n')).status).toBe(404)
    for (const nearMiss of [
      'GET\n' + path + '\n' + timestamp + '\n' + nonce + '\n',
      'GET\n' + path + '\n' + timestamp + '\n' + nonce + '\n\n\n',
      'get\n' + path + '\n' + timestamp + '\n' + nonce + '\n\n',
      'GET\n' + path.split('?')[0] + '\n' + timestamp + '\n' + nonce + '\n\n',
      'GET\n' + h.url + path + '\n' + timestamp + '\n' + nonce + '\n\n',
    ]) {
      expect((await send(nearMiss)).status).toBe(401)
    }
  })

  it('signs responses and notifies over TIMESTAMP\\nNONCE\\nRAW_BODY\\n with the platform key', async () => {
    const answer = await wxpay(h, 'GET', '/v3/certificates')
    const ts = answer.headers.get('wechatpay-timestamp')!
    const nonce = answer.headers.get('wechatpay-nonce')!
    const ok = (message: string) =>
      createVerify('RSA-SHA256').update(message).verify(h.creds.platformPublicKey.publicKey, answer.headers.get('wechatpay-signature')!, 'base64')
    expect(ok(ts + '\n' + nonce + '\n' + answer.raw + '\n')).toBe(true)
    expect(ok(ts + '\n' + nonce + '\n' + answer.raw)).toBe(false)
    expect(ok(ts + '\n' + nonce + '\n' + JSON.stringify(JSON.parse(answer.raw), null, 2) + '\n')).toBe(false)
  })

  it('accepts a paySign over the literal text only', async () => {
    const body = {
      appid: h.creds.apps.mp.appid,
      mchid: h.creds.mchid,
      description: 'golden',
      out_trade_no: 'GOLDEN' + Date.now(),
      notify_url: receiver.url,
      amount: { total: 1 },
      payer: { openid },
    }
    const prepayId = (await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).json.prepay_id
    const appId = h.creds.apps.mp.appid
    const timeStamp = '1414561699'
    const nonceStr = '5K8264ILTKCH16CQ2502SI8ZNMTM67VS'
    const pkg = 'prepay_id=' + prepayId
    const pay = (message: string) =>
      control(h, 'POST', '/wxpay/pay', {
        appId,
        timeStamp,
        nonceStr,
        package: pkg,
        signType: 'RSA',
        paySign: createSign('RSA-SHA256').update(message).sign(h.creds.merchant.privateKey, 'base64'),
      })
    for (const nearMiss of [
      appId + '\n' + timeStamp + '\n' + nonceStr + '\n' + pkg,
      appId + '\n' + timeStamp + '\n' + nonceStr + '\n' + prepayId + '\n',
      appId + '&' + timeStamp + '&' + nonceStr + '&' + pkg + '\n',
    ]) {
      expect((await pay(nearMiss)).status).toBe(400)
    }
    expect((await pay(appId + '\n' + timeStamp + '\n' + nonceStr + '\n' + pkg + '\n')).json.errMsg).toBe('requestPayment:ok')
    const [notify] = await waitFor(() => receiver.requests.length > 0 && receiver.requests)
    const resource = JSON.parse(notify.raw).resource
    expect(JSON.parse(decryptResource(h.creds.apiV3Key, resource)).out_trade_no).toBe(body.out_trade_no)
  })

  it('checks checksession signatures as hex hmac_sha256(session_key, "")', async () => {
    const { openid: oid, session_key: sessionKey } = await login(h, 'gina')
    const mp = h.creds.apps.mp
    const token = (
      await call(`${h.url}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: mp.appid, secret: mp.secret }) })
    ).json.access_token
    const check = (signature: string) =>
      call(`${h.url}/wxa/checksession?access_token=${token}&openid=${oid}&sig_method=hmac_sha256&signature=${signature}`)
    expect((await check(createHmac('sha256', sessionKey).update('').digest('hex'))).json.errcode).toBe(0)
    expect((await check(createHmac('sha256', sessionKey).update('').digest('base64url'))).json.errcode).toBe(87009)
  })
})
