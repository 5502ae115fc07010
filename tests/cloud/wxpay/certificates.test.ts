import type { KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { encryptAesGcm } from '../../../cloud/wxpay/aes-gcm-cipher'
import { downloadCertificates } from '../../../cloud/wxpay/certificates'
import type { HttpResponse } from '../../../cloud/shared/http'
import { PLATFORM_SERIAL, PUBLIC_KEY_ID, TEST_APIV3_KEY, rsaSign, rsaVerify, selfSignedCertificate as certificateAt, signedResponse, testKeyPair, type TestKeyPair } from './fixtures'

const NOW_MS = Date.UTC(2024, 0, 1)
const NOW = NOW_MS / 1000

function selfSignedCertificate(keys: TestKeyPair, serialHex: string, notAfter = new Date(NOW_MS + 365 * 86_400_000)): string {
  return certificateAt(keys, serialHex, new Date(NOW_MS - 86_400_000), notAfter)
}

const platform = testKeyPair()
const rotated = testKeyPair()
const ROTATED_SERIAL = '7B0E8C2D4F6A8B0C1D2E3F405162738495A6B7C8'

function entry(serial: string, pem: string, key = TEST_APIV3_KEY) {
  return {
    serial_no: serial,
    effective_time: '2023-12-31T08:00:00+08:00',
    expire_time: '2024-12-31T08:00:00+08:00',
    encrypt_certificate: {
      algorithm: 'AEAD_AES_256_GCM',
      nonce: '4de73afd28b6',
      associated_data: 'certificate',
      ciphertext: encryptAesGcm({ key, nonce: '4de73afd28b6', associatedData: 'certificate', plaintext: pem }),
    },
  }
}

function send(response: HttpResponse) {
  const paths: string[] = []
  return {
    paths,
    send: async (path: string) => {
      paths.push(path)
      return response
    },
  }
}

describe('downloadCertificates', () => {
  const platformPem = selfSignedCertificate(platform, PLATFORM_SERIAL)
  const rotatedPem = selfSignedCertificate(rotated, ROTATED_SERIAL)

  it('decrypts every certificate and checks the response against the downloaded set', async () => {
    const body = JSON.stringify({ data: [entry(PLATFORM_SERIAL, platformPem), entry(ROTATED_SERIAL, rotatedPem)] })
    const peer = send(signedResponse(platform.privateKey, PLATFORM_SERIAL, 200, body, NOW))
    const certificates = await downloadCertificates({ send: peer.send, apiV3Key: TEST_APIV3_KEY, now: () => NOW_MS })
    expect(peer.paths).toEqual(['/v3/certificates'])
    expect([...certificates.keys()]).toEqual([PLATFORM_SERIAL, ROTATED_SERIAL])
    const message = 'm\n'
    expect(rsaVerify(certificates.get(ROTATED_SERIAL) as KeyObject, message, rsaSign(rotated.privateKey, message))).toBe(true)
  })

  it('rejects a list whose response signature does not verify', async () => {
    const body = JSON.stringify({ data: [entry(PLATFORM_SERIAL, platformPem)] })
    const forged = signedResponse(testKeyPair().privateKey, PLATFORM_SERIAL, 200, body, NOW)
    await expect(downloadCertificates({ send: send(forged).send, apiV3Key: TEST_APIV3_KEY, now: () => NOW_MS })).rejects.toMatchObject({
      code: 'SIGNATURE_INVALID',
    })
  })

  it('rejects certificates sealed with another APIv3 key (a MITM cannot mint them)', async () => {
    const body = JSON.stringify({ data: [entry(PLATFORM_SERIAL, platformPem, 'Z'.repeat(32))] })
    const response = signedResponse(platform.privateKey, PLATFORM_SERIAL, 200, body, NOW)
    await expect(downloadCertificates({ send: send(response).send, apiV3Key: TEST_APIV3_KEY, now: () => NOW_MS })).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
    })
  })

  it('rejects an entry whose serial_no is not the certificate serial', async () => {
    const body = JSON.stringify({ data: [entry(ROTATED_SERIAL, platformPem)] })
    const response = signedResponse(platform.privateKey, ROTATED_SERIAL, 200, body, NOW)
    await expect(downloadCertificates({ send: send(response).send, apiV3Key: TEST_APIV3_KEY, now: () => NOW_MS })).rejects.toMatchObject({
      code: 'RESPONSE_MALFORMED',
    })
  })

  it('drops expired certificates', async () => {
    const expiredPem = selfSignedCertificate(rotated, ROTATED_SERIAL, new Date(NOW_MS - 1000))
    const body = JSON.stringify({ data: [entry(PLATFORM_SERIAL, platformPem), entry(ROTATED_SERIAL, expiredPem)] })
    const response = signedResponse(platform.privateKey, PLATFORM_SERIAL, 200, body, NOW)
    const certificates = await downloadCertificates({ send: send(response).send, apiV3Key: TEST_APIV3_KEY, now: () => NOW_MS })
    expect([...certificates.keys()]).toEqual([PLATFORM_SERIAL])
  })

  it('accepts a list signed with the configured WeChat Pay public key (migration: answers signed by either)', async () => {
    const wechatPublicKey = testKeyPair()
    const body = JSON.stringify({ data: [entry(PLATFORM_SERIAL, platformPem)] })
    const response = signedResponse(wechatPublicKey.privateKey, PUBLIC_KEY_ID, 200, body, NOW)
    const certificates = await downloadCertificates({
      send: send(response).send,
      apiV3Key: TEST_APIV3_KEY,
      publicKeys: { [PUBLIC_KEY_ID]: wechatPublicKey.publicKey },
      now: () => NOW_MS,
    })
    expect([...certificates.keys()]).toEqual([PLATFORM_SERIAL])
    // Without the public key the same answer has no key to verify it.
    await expect(downloadCertificates({ send: send(response).send, apiV3Key: TEST_APIV3_KEY, now: () => NOW_MS })).rejects.toMatchObject({
      code: 'SERIAL_UNKNOWN',
    })
  })

  it('turns an error answer into UPSTREAM_ERROR', async () => {
    const response = { status: 404, headers: {}, body: '{"code":"RESOURCE_NOT_EXISTS","message":"no certificates for public-key merchants"}' }
    const failure = await downloadCertificates({ send: send(response).send, apiV3Key: TEST_APIV3_KEY }).catch((error: Error) => error)
    expect(failure).toMatchObject({ code: 'UPSTREAM_ERROR', status: 404, wechatCode: 'RESOURCE_NOT_EXISTS' })
    expect((failure as Error).message).not.toContain('public-key merchants')
  })
})
