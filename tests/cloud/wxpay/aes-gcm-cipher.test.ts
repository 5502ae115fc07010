import { createCipheriv } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptAesGcm, encryptAesGcm } from '../../../cloud/wxpay/aes-gcm-cipher'
import { TEST_APIV3_KEY } from './fixtures'

/** What WeChat Pay does, with node:crypto alone: base64(ciphertext ‖ tag). */
function sealLikeWechatPay(key: string, nonce: string, aad: string, plaintext: string): string {
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(Buffer.from(aad, 'utf8') as unknown as Uint8Array)
  const parts = [cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]
  return Buffer.concat(parts as unknown as Uint8Array[]).toString('base64')
}

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64')
  const at = index < 0 ? bytes.length + index : index
  bytes[at] ^= 0x01
  return bytes.toString('base64')
}

const nonce = 'fdasflkja484'
const aad = 'transaction'
const plaintext = '{"out_trade_no":"1217752501201407033233368018","amount":{"total":100},"note":"中文"}'

describe('AEAD_AES_256_GCM', () => {
  const sealed = sealLikeWechatPay(TEST_APIV3_KEY, nonce, aad, plaintext)

  it('decrypts what WeChat Pay encrypts (key = APIv3 key, utf8 nonce and AAD, tag last)', () => {
    expect(decryptAesGcm({ key: TEST_APIV3_KEY, nonce, associatedData: aad, ciphertext: sealed })).toBe(plaintext)
  })

  it('round-trips through encryptAesGcm, which matches node:crypto byte for byte', () => {
    const ours = encryptAesGcm({ key: TEST_APIV3_KEY, nonce, associatedData: aad, plaintext })
    expect(ours).toBe(sealed)
    expect(decryptAesGcm({ key: Buffer.from(TEST_APIV3_KEY), nonce, associatedData: aad, ciphertext: ours })).toBe(plaintext)
  })

  it('accepts an empty AAD (certificates and some notifies have none)', () => {
    const noAad = sealLikeWechatPay(TEST_APIV3_KEY, nonce, '', plaintext)
    expect(decryptAesGcm({ key: TEST_APIV3_KEY, nonce, associatedData: '', ciphertext: noAad })).toBe(plaintext)
    expect(decryptAesGcm({ key: TEST_APIV3_KEY, nonce, ciphertext: noAad })).toBe(plaintext)
  })

  it.each([
    ['a tampered tag', { ciphertext: flipByte(sealed, -1) }],
    ['a tampered ciphertext', { ciphertext: flipByte(sealed, 0) }],
    ['a truncated tag', { ciphertext: Buffer.from(sealed, 'base64').subarray(0, -4).toString('base64') }],
    ['a ciphertext shorter than the tag', { ciphertext: Buffer.from('short').toString('base64') }],
    ['a wrong AAD', { associatedData: 'refund' }],
    ['a missing AAD', { associatedData: '' }],
    ['a wrong nonce', { nonce: 'fdasflkja485' }],
    ['a wrong key', { key: 'TESTONLY0123456789abcdefghijklmX' }],
    ['non-base64 text', { ciphertext: '{"not":"base64"}' }],
  ])('rejects %s as DECRYPT_FAILED', (_name, change) => {
    const input = { key: TEST_APIV3_KEY, nonce, associatedData: aad, ciphertext: sealed, ...change }
    expect(() => decryptAesGcm(input)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }))
  })

  it('rejects a key that is not 32 bytes as KEY_INVALID', () => {
    expect(() => decryptAesGcm({ key: 'short', nonce, associatedData: aad, ciphertext: sealed })).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    )
    // 32 characters but 96 bytes: the key is bytes, not characters.
    expect(() => decryptAesGcm({ key: '密'.repeat(32), nonce, associatedData: aad, ciphertext: sealed })).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    )
  })

  it('never puts the key or the plaintext into the error', () => {
    try {
      decryptAesGcm({ key: TEST_APIV3_KEY, nonce, associatedData: 'x', ciphertext: sealed })
      expect.unreachable()
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(TEST_APIV3_KEY)
      expect(JSON.stringify(error)).not.toContain(TEST_APIV3_KEY)
    }
  })
})
