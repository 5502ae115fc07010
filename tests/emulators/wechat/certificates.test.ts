import { createPublicKey, createVerify, X509Certificate } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptResource, startEmulator, verifyWechatpay, wxpay, type Harness } from './helpers'

let h: Harness

beforeAll(async () => {
  h = await startEmulator({ payKeyMode: 'certificate' })
})
afterAll(() => h.close())

const spki = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64')

describe('GET /v3/certificates', () => {
  it('lists the platform certificate encrypted with the APIv3 key (AAD "certificate")', async () => {
    const answer = await wxpay(h, 'GET', '/v3/certificates')
    expect(answer.status).toBe(200)
    const [entry] = answer.json.data
    expect(entry.serial_no).toBe(h.creds.platformCertificate.serialNo)
    expect(entry.serial_no).toMatch(/^[0-9A-F]{40}$/)
    expect(entry.effective_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
    expect(entry.expire_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
    expect(entry.encrypt_certificate).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', associated_data: 'certificate' })
    expect(entry.encrypt_certificate.nonce).toHaveLength(12)

    const pem = decryptResource(h.creds.apiV3Key, entry.encrypt_certificate)
    const cert = new X509Certificate(pem)
    expect(cert.serialNumber.toUpperCase()).toBe(entry.serial_no)
    expect(cert.verify(cert.publicKey)).toBe(true)
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now())

    // Bootstrap as an SDK does: verify the very response with the certificate it carries.
    expect(answer.headers.get('wechatpay-serial')).toBe(entry.serial_no)
    const message = `${answer.headers.get('wechatpay-timestamp')}\n${answer.headers.get('wechatpay-nonce')}\n${answer.raw}\n`
    expect(createVerify('RSA-SHA256').update(message).verify(cert.publicKey, answer.headers.get('wechatpay-signature')!, 'base64')).toBe(true)
    expect(verifyWechatpay(h.creds, answer.headers, answer.raw)).toBe(true)
  })

  it('fails decryption with any other key (the tag is checked)', async () => {
    const [entry] = (await wxpay(h, 'GET', '/v3/certificates')).json.data
    expect(() => decryptResource('X'.repeat(32), entry.encrypt_certificate)).toThrow()
  })

  it('uses platform keys distinct from the merchant key and from each other', () => {
    const merchant = spki(h.creds.merchant.publicKey)
    const publicKey = spki(h.creds.platformPublicKey.publicKey)
    const certificate = spki(new X509Certificate(h.creds.platformCertificate.certificate).publicKey.export({ type: 'spki', format: 'pem' }).toString())
    expect(new Set([merchant, publicKey, certificate]).size).toBe(3)
    expect(h.creds.platformPublicKey.id).toMatch(/^PUB_KEY_ID_\d{28}$/)
    expect(h.creds.merchant.serialNo).toMatch(/^[0-9A-F]{40}$/)
    expect(h.creds.apiV3Key).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(h.creds.mchid).toMatch(/^\d{10}$/)
  })
})
