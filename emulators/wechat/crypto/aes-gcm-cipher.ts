import { createCipheriv, createDecipheriv } from 'node:crypto'
import { u8, utf8 } from './bytes'

const TAG_BYTES = 16

/**
 * AEAD_AES_256_GCM as WeChat Pay uses it: key = the 32-byte APIv3 key, nonce =
 * the 12 given characters as UTF-8, AAD = associated_data; result is base64 of
 * ciphertext followed by the 16-byte tag.
 */
export function aesGcmEncrypt(apiV3Key: string, nonce: string, associatedData: string, plaintext: string): string {
  const cipher = createCipheriv('aes-256-gcm', utf8(apiV3Key), utf8(nonce))
  cipher.setAAD(utf8(associatedData))
  const parts = [cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]
  return Buffer.concat(parts.map(u8)).toString('base64')
}

/** Reverse of aesGcmEncrypt; throws when the tag does not match. */
export function aesGcmDecrypt(apiV3Key: string, nonce: string, associatedData: string, ciphertext: string): string {
  const bytes = Buffer.from(ciphertext, 'base64')
  if (bytes.length < TAG_BYTES) throw new Error('ciphertext too short')
  const decipher = createDecipheriv('aes-256-gcm', utf8(apiV3Key), utf8(nonce))
  decipher.setAAD(utf8(associatedData))
  decipher.setAuthTag(u8(bytes.subarray(bytes.length - TAG_BYTES)))
  const parts = [decipher.update(u8(bytes.subarray(0, bytes.length - TAG_BYTES))), decipher.final()]
  return Buffer.concat(parts.map(u8)).toString('utf8')
}

/** Flip one bit of the GCM tag: a corrupted notify that still looks well formed. */
export function tamperGcmTag(ciphertext: string): string {
  const bytes = Buffer.from(ciphertext, 'base64')
  bytes[bytes.length - 1] ^= 0x01
  return bytes.toString('base64')
}
