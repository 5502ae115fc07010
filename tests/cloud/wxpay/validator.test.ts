import { describe, expect, it, vi } from 'vitest'
import { RsaVerifier, type Verifier } from '../../../cloud/wxpay/rsa-verifier'
import { WechatPayValidator } from '../../../cloud/wxpay/validator'
import { PLATFORM_SERIAL, PUBLIC_KEY_ID, signedHeaders, testKeyPair } from './fixtures'

const platform = testKeyPair()
const wechatPublicKey = testKeyPair()
const NOW_MS = 1_700_000_000_000
const NOW = NOW_MS / 1000
const body = '{"id":"EV-2018022511223320873","create_time":"2015-05-20T13:29:35+08:00","resource_type":"encrypt-resource"}'

function validator(now = NOW_MS) {
  const verifier = new RsaVerifier({
    publicKeys: { [PUBLIC_KEY_ID]: wechatPublicKey.publicKey },
    certificates: { [PLATFORM_SERIAL]: platform.publicKey },
  })
  return new WechatPayValidator({ verifier, now: () => now })
}

describe('WechatPayValidator', () => {
  it('accepts a signed body and reports what it checked', async () => {
    const headers = signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW)
    await expect(validator().validate(headers, body)).resolves.toEqual({
      serial: PLATFORM_SERIAL,
      timestamp: NOW,
      nonce: 'fdasflkja484w',
      requestId: '08F78BB5AF0610D302A2F9A20200000000',
    })
  })

  it('accepts headers in any case (HTTP layers differ)', async () => {
    const headers = Object.fromEntries(
      Object.entries(signedHeaders(wechatPublicKey.privateKey, PUBLIC_KEY_ID, body, NOW)).map(([k, v]) => [k.toUpperCase(), v]),
    )
    await validator().validate(headers, body)
  })

  it.each([
    ['exactly 300 s old', -300, true],
    ['301 s old', -301, false],
    ['exactly 300 s ahead', 300, true],
    ['301 s ahead', 301, false],
  ])('window: a timestamp %s %s', async (_name, offset, passes) => {
    const headers = signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW + offset)
    const result = validator().validate(headers, body)
    if (passes) await expect(result).resolves.toBeDefined()
    else await expect(result).rejects.toMatchObject({ code: 'TIMESTAMP_EXPIRED' })
  })

  it('uses whole seconds of the injected clock', async () => {
    const headers = signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW - 300)
    await expect(validator(NOW_MS + 999).validate(headers, body)).resolves.toBeDefined()
    await expect(validator(NOW_MS + 1000).validate(headers, body)).rejects.toMatchObject({ code: 'TIMESTAMP_EXPIRED' })
  })

  it('rejects a WECHATPAY/SIGNTEST/ probe before trying to verify it', async () => {
    const verify = vi.fn(async () => undefined)
    const spyValidator = new WechatPayValidator({ verifier: { verify } satisfies Verifier, now: () => NOW_MS })
    const headers = { ...signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW), 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abcdef' }
    await expect(spyValidator.validate(headers, body)).rejects.toMatchObject({ code: 'SIGNTEST' })
    expect(verify).not.toHaveBeenCalled()
  })

  it('verifies over the raw body: any re-serialisation fails', async () => {
    const raw = '{"id": "EV-1",\n "amount": {"total": 100}}'
    const headers = signedHeaders(platform.privateKey, PLATFORM_SERIAL, raw, NOW)
    await validator().validate(headers, raw)
    await expect(validator().validate(headers, JSON.stringify(JSON.parse(raw)))).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' })
  })

  it('refuses a parsed body outright', async () => {
    const headers = signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW)
    await expect(validator().validate(headers, JSON.parse(body) as string)).rejects.toMatchObject({ code: 'BODY_NOT_RAW' })
  })

  it('names every missing header at once', async () => {
    const headers = signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW)
    delete (headers as Record<string, string | undefined>)['wechatpay-nonce']
    headers['wechatpay-serial'] = ''
    const failure = await validator().validate(headers, body).catch((error: Error) => error)
    expect(failure).toMatchObject({ code: 'HEADER_MISSING', message: 'missing header: wechatpay-nonce, wechatpay-serial' })
  })

  it.each([
    ['a non-numeric timestamp', { 'wechatpay-timestamp': '17e8' }, 'HEADER_INVALID'],
    ['another signature type', { 'wechatpay-signature-type': 'WECHATPAY2-SM2-WITH-SM3' }, 'ALGORITHM_UNSUPPORTED'],
    ['an unknown serial', { 'wechatpay-serial': '0000AAAA' }, 'SERIAL_UNKNOWN'],
    ['a signature from another key', { 'wechatpay-serial': PUBLIC_KEY_ID }, 'SIGNATURE_INVALID'],
  ])('rejects %s', async (_name, change, code) => {
    const headers = { ...signedHeaders(platform.privateKey, PLATFORM_SERIAL, body, NOW), ...change }
    await expect(validator().validate(headers, body)).rejects.toMatchObject({ code })
  })
})
