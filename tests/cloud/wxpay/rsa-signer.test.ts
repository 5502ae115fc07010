import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildPaySignMessage, buildRequestMessage } from '../../../cloud/wxpay/messages'
import { RsaSigner } from '../../../cloud/wxpay/rsa-signer'
import { MERCHANT_SERIAL, rsaSign, rsaVerify, testKeyPair } from './fixtures'

const merchant = testKeyPair()

describe('RsaSigner', () => {
  const signer = new RsaSigner({ privateKey: merchant.privatePem, serialNo: MERCHANT_SERIAL })

  it('signs the literal request message with SHA256withRSA, base64', () => {
    const message = 'POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"a":1}\n'
    expect(buildRequestMessage({ method: 'POST', pathWithQuery: '/v3/pay/transactions/jsapi', timestamp: 1554208460, nonce: '593BEC0C930BF1AFEB40B4A08C8FB242', body: '{"a":1}' })).toBe(message)
    const signature = signer.sign(message)
    expect(signature).toMatch(/^[A-Za-z0-9+/]{342}==$/)
    expect(rsaVerify(merchant.publicKey, message, signature)).toBe(true)
    // PKCS#1 v1.5 is deterministic: node:crypto alone gives the same bytes.
    expect(signature).toBe(rsaSign(merchant.privateKey, message))
    expect(rsaVerify(merchant.publicKey, message.replace('{"a":1}', '{"a": 1}'), signature)).toBe(false)
  })

  it('signs the literal paySign message', () => {
    const message = 'wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n'
    expect(buildPaySignMessage({ appId: 'wx8888888888888888', timeStamp: '1414561699', nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', package: 'prepay_id=wx201410272009395522657a690389285100' })).toBe(message)
    expect(rsaVerify(merchant.publicKey, message, signer.sign(message))).toBe(true)
  })

  it('signs UTF-8 text as UTF-8 bytes', () => {
    const message = '1\nn\n{"description":"测试商品"}\n'
    expect(rsaVerify(merchant.publicKey, message, signer.sign(message))).toBe(true)
  })

  it('exposes the merchant serial and accepts a KeyObject', () => {
    const fromKeyObject = new RsaSigner({ privateKey: merchant.privateKey, serialNo: MERCHANT_SERIAL })
    expect(fromKeyObject.serialNo).toBe(MERCHANT_SERIAL)
    expect(fromKeyObject.sign('x')).toBe(signer.sign('x'))
  })

  it.each([
    ['garbage', 'not a pem'],
    ['a public key', merchant.publicPem],
    ['an EC key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string],
  ])('rejects %s as KEY_INVALID without quoting it', (_name, pem) => {
    let caught: unknown
    try {
      new RsaSigner({ privateKey: pem, serialNo: MERCHANT_SERIAL })
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({ code: 'KEY_INVALID' })
    expect(String((caught as Error).message)).not.toContain('BEGIN')
  })
})
