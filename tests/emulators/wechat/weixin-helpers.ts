/**
 * Test-side tooling for api.weixin.qq.com that knows only the documented
 * protocol: it opens encryptedData with Node's AES-128-CBC directly and
 * places and pays orders through the production endpoints and the phone's
 * controls, never through the emulator's own code.
 */
import { createDecipheriv } from 'node:crypto'
import { call, control, jsapiBody, login, requestPayment, wxpay, type Answer, type Harness } from './helpers'

// The pinned @types/node Buffer does not type-check as Uint8Array under TypeScript 5.9.
function u8(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** The stable access_token of an app (the mini program by default). */
export async function stableToken(h: Harness, app = h.creds.apps.mp): Promise<string> {
  const answer = await call(`${h.url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({ grant_type: 'client_credential', appid: app.appid, secret: app.secret, force_refresh: false }),
  })
  return answer.json.access_token
}

/** 开放数据解密: AES-128-CBC, PKCS#7, key = base64decode(session_key), iv = base64decode(iv). Throws on a wrong key. */
export function decryptOpenData(sessionKey: string, iv: string, encryptedData: string): string {
  const decipher = createDecipheriv('aes-128-cbc', u8(Buffer.from(sessionKey, 'base64')), u8(Buffer.from(iv, 'base64')))
  return Buffer.concat([decipher.update(u8(Buffer.from(encryptedData, 'base64'))), decipher.final()].map(u8)).toString('utf8')
}

/** POST JSON to an api.weixin.qq.com endpoint with an access_token. */
export function wxPost(h: Harness, path: string, token: string, body: unknown): Promise<Answer> {
  return call(`${h.url}${path}?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** A JSAPI order of the mini program, paid by `user`: its out_trade_no, transaction_id and payer openid. */
export async function paidTrade(
  h: Harness,
  user = 'alice',
  overrides: Record<string, unknown> = {},
): Promise<{ outTradeNo: string; transactionId: string; openid: string }> {
  const { openid } = await login(h, user)
  const body = jsapiBody(h, openid, 'https://shop.example/pay/notify', overrides)
  const prepayId = (await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).json.prepay_id
  const paid = await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, body.appid, prepayId))
  if (paid.status !== 200) throw new Error(`payment failed: ${paid.json?.errMsg}`)
  return { outTradeNo: body.out_trade_no, transactionId: paid.json.transactionId, openid }
}
