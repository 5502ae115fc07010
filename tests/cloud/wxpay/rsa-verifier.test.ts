import type { KeyObject } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { RsaVerifier } from '../../../cloud/wxpay/rsa-verifier'
import { PLATFORM_SERIAL, PUBLIC_KEY_ID, rsaSign, testKeyPair } from './fixtures'

const wechatPublicKey = testKeyPair() // the "WeChat Pay public key" of public-key mode
const platform = testKeyPair() // a platform certificate's key
const rotated = testKeyPair() // the next platform certificate
const merchant = testKeyPair() // must never verify as WeChat Pay

const ROTATED_SERIAL = '7B0E8C2D4F6A8B0C1D2E3F405162738495A6B7C8'
const message = '1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{"id":"EV-1"}\n'

function clock(start = 1_700_000_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('RsaVerifier', () => {
  it('verifies with the WeChat Pay public key picked by its PUB_KEY_ID', async () => {
    const verifier = new RsaVerifier({ publicKeys: { [PUBLIC_KEY_ID]: wechatPublicKey.publicPem } })
    await expect(verifier.verify(PUBLIC_KEY_ID, message, rsaSign(wechatPublicKey.privateKey, message))).resolves.toBeUndefined()
  })

  it('verifies public-key and certificate signatures side by side during a migration', async () => {
    const verifier = new RsaVerifier({
      publicKeys: { [PUBLIC_KEY_ID]: wechatPublicKey.publicKey },
      certificates: { [PLATFORM_SERIAL]: platform.publicKey },
    })
    await verifier.verify(PUBLIC_KEY_ID, message, rsaSign(wechatPublicKey.privateKey, message))
    await verifier.verify(PLATFORM_SERIAL, message, rsaSign(platform.privateKey, message))
    // The serial picks the key: a right signature under the other kind's serial fails.
    await expect(verifier.verify(PLATFORM_SERIAL, message, rsaSign(wechatPublicKey.privateKey, message))).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    })
    await expect(verifier.verify(PUBLIC_KEY_ID, message, rsaSign(platform.privateKey, message))).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    })
  })

  it('matches certificate serials case-insensitively', async () => {
    const verifier = new RsaVerifier({ certificates: new Map([[PLATFORM_SERIAL.toLowerCase(), platform.publicKey]]) })
    await verifier.verify(PLATFORM_SERIAL, message, rsaSign(platform.privateKey, message))
  })

  it.each([
    ['a signature by the merchant key', rsaSign(merchant.privateKey, message)],
    ['a signature over another message', rsaSign(platform.privateKey, message.replace('EV-1', 'EV-2'))],
    ['garbage', 'not-base64!!'],
    ['an empty signature', ''],
  ])('rejects %s as SIGNATURE_INVALID', async (_name, signature) => {
    const verifier = new RsaVerifier({ certificates: { [PLATFORM_SERIAL]: platform.publicKey } })
    await expect(verifier.verify(PLATFORM_SERIAL, message, signature)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' })
  })

  it('rejects an unknown serial when it cannot refresh', async () => {
    const verifier = new RsaVerifier({ publicKeys: { [PUBLIC_KEY_ID]: wechatPublicKey.publicKey } })
    await expect(verifier.verify(ROTATED_SERIAL, message, rsaSign(rotated.privateKey, message))).rejects.toMatchObject({
      code: 'SERIAL_UNKNOWN',
    })
  })

  it('refreshes certificates on an unknown serial, then verifies', async () => {
    const fetchCertificates = vi.fn(async () => new Map<string, KeyObject>([[ROTATED_SERIAL, rotated.publicKey]]))
    const verifier = new RsaVerifier({ certificates: { [PLATFORM_SERIAL]: platform.publicKey }, fetchCertificates })
    await verifier.verify(ROTATED_SERIAL, message, rsaSign(rotated.privateKey, message))
    expect(fetchCertificates).toHaveBeenCalledTimes(1)
    // Known now: no second download.
    await verifier.verify(ROTATED_SERIAL, message, rsaSign(rotated.privateKey, message))
    expect(fetchCertificates).toHaveBeenCalledTimes(1)
    // The downloaded set replaces the old certificates.
    expect(verifier.knownSerials()).toEqual([ROTATED_SERIAL])
  })

  it('downloads at most once per 60 s however many unknown serials arrive', async () => {
    const time = clock()
    const fetchCertificates = vi.fn(async () => new Map<string, KeyObject>([[PLATFORM_SERIAL, platform.publicKey]]))
    const verifier = new RsaVerifier({ fetchCertificates, now: time.now })
    const forged = rsaSign(rotated.privateKey, message)

    await expect(verifier.verify('AAAA0001', message, forged)).rejects.toMatchObject({ code: 'SERIAL_UNKNOWN' })
    expect(fetchCertificates).toHaveBeenCalledTimes(1)
    time.advance(59_999)
    await expect(verifier.verify('AAAA0002', message, forged)).rejects.toMatchObject({ code: 'SERIAL_UNKNOWN' })
    await expect(verifier.verify('AAAA0003', message, forged)).rejects.toMatchObject({ code: 'SERIAL_UNKNOWN' })
    expect(fetchCertificates).toHaveBeenCalledTimes(1)
    time.advance(1)
    await expect(verifier.verify('AAAA0004', message, forged)).rejects.toMatchObject({ code: 'SERIAL_UNKNOWN' })
    expect(fetchCertificates).toHaveBeenCalledTimes(2)
  })

  it('shares one download between concurrent unknown serials', async () => {
    let release: (value: Map<string, KeyObject>) => void = () => {}
    const fetchCertificates = vi.fn(() => new Promise<Map<string, KeyObject>>((resolve) => (release = resolve)))
    const verifier = new RsaVerifier({ fetchCertificates })
    const signature = rsaSign(rotated.privateKey, message)
    const both = Promise.all([verifier.verify(ROTATED_SERIAL, message, signature), verifier.verify(ROTATED_SERIAL, message, signature)])
    release(new Map([[ROTATED_SERIAL, rotated.publicKey]]))
    await both
    expect(fetchCertificates).toHaveBeenCalledTimes(1)
  })

  it('never downloads certificates for an unknown PUB_KEY_ID (public keys are not downloadable)', async () => {
    const fetchCertificates = vi.fn(async () => new Map<string, KeyObject>())
    const verifier = new RsaVerifier({ fetchCertificates })
    await expect(verifier.verify('PUB_KEY_ID_0999', message, rsaSign(wechatPublicKey.privateKey, message))).rejects.toMatchObject({
      code: 'SERIAL_UNKNOWN',
    })
    expect(fetchCertificates).not.toHaveBeenCalled()
  })

  it('turns a failed download into SERIAL_UNKNOWN, and still rate-limits', async () => {
    const time = clock()
    const fetchCertificates = vi.fn(async (): Promise<Map<string, KeyObject>> => {
      throw new Error('secret-bearing upstream text')
    })
    const verifier = new RsaVerifier({ fetchCertificates, now: time.now })
    const signature = rsaSign(rotated.privateKey, message)
    const failure = await verifier.verify(ROTATED_SERIAL, message, signature).catch((error: Error) => error)
    expect(failure).toMatchObject({ code: 'SERIAL_UNKNOWN' })
    expect((failure as Error).message).not.toContain('secret-bearing')
    await expect(verifier.verify(ROTATED_SERIAL, message, signature)).rejects.toMatchObject({ code: 'SERIAL_UNKNOWN' })
    expect(fetchCertificates).toHaveBeenCalledTimes(1)
  })

  it('does not echo odd characters of an attacker-chosen serial', async () => {
    const verifier = new RsaVerifier()
    const failure = await verifier.verify('AB\r\nInjected: yes', message, 'x').catch((error: Error) => error)
    expect((failure as Error).message).toBe('no key for serial ABInjectedyes')
  })
})
