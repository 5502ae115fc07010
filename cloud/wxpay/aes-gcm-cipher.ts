import { createCipheriv, createDecipheriv } from 'node:crypto'
import { WxpayError } from './errors'

/**
 * AEAD_AES_256_GCM as WeChat Pay uses it for notify resources and platform
 * certificates: key = the APIv3 key (32 bytes), nonce and AAD as UTF-8 text,
 * ciphertext base64 with the 16-byte tag appended.
 */

const TAG_BYTES = 16

/** The inputs of one decryption, named as in a notify `resource`. */
export interface AesGcmDecryptInput {
  /** The APIv3 key. */
  key: string | Buffer
  /** `resource.nonce` (12 characters). */
  nonce: string
  /** `resource.associated_data`; may be empty. */
  associatedData?: string
  /** `resource.ciphertext`: base64 of ciphertext ‖ tag. */
  ciphertext: string
}

/** The inputs of one encryption (the emulator side of the same scheme). */
export interface AesGcmEncryptInput {
  key: string | Buffer
  nonce: string
  associatedData?: string
  plaintext: string
}

// A plain Uint8Array view of a Buffer (no copy): the pinned @types/node Buffer
// does not type-check as Uint8Array under TypeScript 5.9.
function view(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

function keyBytes(key: string | Buffer): Uint8Array {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key
  if (bytes.length !== 32) throw new WxpayError('KEY_INVALID', 'APIv3 key must be 32 bytes')
  return view(bytes)
}

function nonceBytes(nonce: string): Uint8Array {
  if (typeof nonce !== 'string' || nonce.length === 0) throw new WxpayError('DECRYPT_FAILED', 'nonce is missing')
  return view(Buffer.from(nonce, 'utf8'))
}

/**
 * Decrypt and authenticate. Throws DECRYPT_FAILED on any failure, a bad tag
 * included: a notify that does not authenticate is forged or corrupted.
 */
export function decryptAesGcm({ key, nonce, associatedData = '', ciphertext }: AesGcmDecryptInput): string {
  const aesKey = keyBytes(key)
  const iv = nonceBytes(nonce)
  if (typeof ciphertext !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(ciphertext)) {
    throw new WxpayError('DECRYPT_FAILED', 'ciphertext is not base64')
  }
  const sealed = Buffer.from(ciphertext, 'base64')
  if (sealed.length < TAG_BYTES) throw new WxpayError('DECRYPT_FAILED', 'ciphertext is shorter than the tag')
  const body = view(sealed).subarray(0, sealed.length - TAG_BYTES)
  const tag = view(sealed).subarray(sealed.length - TAG_BYTES)
  try {
    // authTagLength pins the tag to 16 bytes so a truncated tag cannot pass.
    const decipher = createDecipheriv('aes-256-gcm', aesKey, iv, { authTagLength: TAG_BYTES })
    decipher.setAuthTag(tag)
    decipher.setAAD(view(Buffer.from(associatedData, 'utf8')))
    // final() is what checks the tag; it throws when authentication fails.
    return decipher.update(body, undefined, 'utf8') + decipher.final('utf8')
  } catch {
    throw new WxpayError('DECRYPT_FAILED', 'AES-GCM authentication failed')
  }
}

/** Encrypt: base64 of ciphertext ‖ 16-byte tag, as WeChat Pay sends it. */
export function encryptAesGcm({ key, nonce, associatedData = '', plaintext }: AesGcmEncryptInput): string {
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), nonceBytes(nonce), { authTagLength: TAG_BYTES })
  cipher.setAAD(view(Buffer.from(associatedData, 'utf8')))
  const parts = [cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]
  return Buffer.concat(parts.map(view)).toString('base64')
}
