import { createCipheriv } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { NotifyParser } from '../../../cloud/wxpay/notify-parser'
import { RsaVerifier } from '../../../cloud/wxpay/rsa-verifier'
import { WechatPayValidator } from '../../../cloud/wxpay/validator'
import { PLATFORM_SERIAL, PUBLIC_KEY_ID, TEST_APIV3_KEY, TEST_APPID, TEST_MCHID, signedHeaders, testKeyPair } from './fixtures'

const platform = testKeyPair()
const wechatPublicKey = testKeyPair()
const NOW_MS = 1_700_000_000_000
const NOW = NOW_MS / 1000

/** Encrypt a resource the way WeChat Pay does, with node:crypto alone. */
function seal(plaintext: string, nonce: string, aad: string, key = TEST_APIV3_KEY): string {
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(Buffer.from(aad, 'utf8') as unknown as Uint8Array)
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()] as unknown as Uint8Array[]).toString('base64')
}

const transaction = {
  appid: TEST_APPID,
  mchid: TEST_MCHID,
  out_trade_no: 'ORDER20240101000001',
  transaction_id: '4200000001202401010000000001',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  success_time: '2024-01-01T12:00:00+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
}

function notifyBody(options: { eventType?: string; algorithm?: string; ciphertext?: string; plaintext?: string } = {}): string {
  const nonce = 'fdasflkja484'
  const plaintext = options.plaintext ?? JSON.stringify(transaction)
  // Formatted with spaces and newlines on purpose: WeChat's bytes, not JSON.stringify's.
  return `{
  "id": "EV-2018022511223320873",
  "create_time": "2015-05-20T13:29:35+08:00",
  "resource_type": "encrypt-resource",
  "event_type": "${options.eventType ?? 'TRANSACTION.SUCCESS'}",
  "summary": "支付成功",
  "resource": {
    "original_type": "transaction",
    "algorithm": "${options.algorithm ?? 'AEAD_AES_256_GCM'}",
    "ciphertext": "${options.ciphertext ?? seal(plaintext, nonce, 'transaction')}",
    "associated_data": "transaction",
    "nonce": "${nonce}"
  }
}`
}

function parser(): NotifyParser {
  const verifier = new RsaVerifier({
    publicKeys: { [PUBLIC_KEY_ID]: wechatPublicKey.publicKey },
    certificates: { [PLATFORM_SERIAL]: platform.publicKey },
  })
  return new NotifyParser({ validator: new WechatPayValidator({ verifier, now: () => NOW_MS }), apiV3Key: TEST_APIV3_KEY })
}

describe('NotifyParser', () => {
  it('verifies and decrypts a transaction notify', async () => {
    const body = notifyBody()
    const parsed = await parser().parseTransaction(signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW), body)
    expect(parsed.event).toMatchObject({ id: 'EV-2018022511223320873', event_type: 'TRANSACTION.SUCCESS' })
    expect(parsed.resource).toEqual(transaction)
    expect(parsed.resource.amount?.total).toBe(100)
    expect(parsed.signature.serial).toBe(PLATFORM_SERIAL)
  })

  it('accepts notifies signed by either the public key or a certificate', async () => {
    const body = notifyBody()
    await parser().parse(signedHeaders(wechatPublicKey.privateKey, PUBLIC_KEY_ID, body, NOW), body)
    await parser().parse(signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW), body)
  })

  it('verifies before it decrypts: a forged notify that would decrypt fine is still rejected', async () => {
    const body = notifyBody()
    const forger = testKeyPair()
    await expect(parser().parse(signedHeaders(forger.privateKey, PLATFORM_SERIAL, body, NOW), body)).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    })
  })

  it('verifies before it parses: an unsigned garbage body fails on the signature, not on JSON', async () => {
    const body = 'not json at all'
    const headers = { ...signedHeaders(platform.privateKey, PLATFORM_SERIAL, notifyBody(), NOW) }
    await expect(parser().parse(headers, body)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' })
  })

  it('checks the window first', async () => {
    const body = notifyBody()
    await expect(parser().parse(signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW - 301), body)).rejects.toMatchObject({
      code: 'TIMESTAMP_EXPIRED',
    })
  })

  it('checks the algorithm before decrypting', async () => {
    const body = notifyBody({ algorithm: 'AEAD_SM4_GCM' })
    await expect(parser().parse(signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW), body)).rejects.toMatchObject({
      code: 'ALGORITHM_UNSUPPORTED',
    })
  })

  it('fails on a bad GCM tag even when the envelope is validly signed', async () => {
    const good = seal(JSON.stringify(transaction), 'fdasflkja484', 'transaction')
    const bytes = Buffer.from(good, 'base64')
    bytes[bytes.length - 1] ^= 0xff
    const body = notifyBody({ ciphertext: bytes.toString('base64') })
    await expect(parser().parse(signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW), body)).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
    })
  })

  it('fails when the resource was sealed with another APIv3 key', async () => {
    const body = notifyBody({ ciphertext: seal(JSON.stringify(transaction), 'fdasflkja484', 'transaction', 'X'.repeat(32)) })
    await expect(parser().parse(signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW), body)).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
    })
  })

  it.each([
    ['a decrypted resource that is not JSON', notifyBody({ plaintext: 'oops' })],
    ['a decrypted resource that is not an object', notifyBody({ plaintext: '[1,2]' })],
    ['a signed body that is not JSON', '<xml>v2</xml>'],
    ['a signed body without resource', '{"id":"EV-1","event_type":"TRANSACTION.SUCCESS"}'],
  ])('rejects %s as NOTIFY_MALFORMED', async (_name, body) => {
    await expect(parser().parse(signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW), body)).rejects.toMatchObject({
      code: 'NOTIFY_MALFORMED',
    })
  })

  it('keeps transaction and refund notifies apart', async () => {
    const body = notifyBody({ eventType: 'REFUND.SUCCESS' })
    const headers = signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW)
    await expect(parser().parseTransaction(headers, body)).rejects.toMatchObject({ code: 'NOTIFY_MALFORMED' })
    await expect(parser().parseRefund(headers, body)).resolves.toMatchObject({ event: { event_type: 'REFUND.SUCCESS' } })
  })
})
