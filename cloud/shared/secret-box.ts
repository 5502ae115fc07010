import { createCipheriv, createDecipheriv } from 'node:crypto'
import { CloudError } from './errors'
import type { Env } from './env'

/**
 * AES-256-GCM for secrets kept at rest (session_key, cached access_token and
 * jsapi_ticket). The associated data names what the secret belongs to, so a
 * sealed value copied onto another record does not open there.
 *
 * Sealed text: `v1.<12-byte iv, base64url>.<ciphertext ‖ 16-byte tag, base64url>`.
 */

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

// A plain Uint8Array view of a Buffer: the pinned @types/node Buffer does not
// type-check as Uint8Array under TypeScript 5.9.
function view(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** The 32-byte key from its base64 form (`sessionKeyEncryptionKey`). */
export function secretBoxKey(base64: string): Uint8Array {
  const key = Buffer.from(base64, 'base64')
  if (key.length !== 32) throw new CloudError('CONFIG_INVALID', 'config invalid: sessionKeyEncryptionKey: must be base64 of 32 bytes')
  return view(key)
}

/** Encrypt `plaintext`, bound to `context`. */
export function seal(key: Uint8Array, plaintext: string, context: string, env: Pick<Env, 'randomBytes'>): string {
  const iv = env.randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(view(Buffer.from(context, 'utf8')))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()].map(view))
  return `${VERSION}.${Buffer.from(iv).toString('base64url')}.${body.toString('base64url')}`
}

/**
 * Decrypt a sealed value for `context`. Throws INTERNAL_ERROR (with no detail)
 * when it was tampered with, sealed for another context or with another key.
 */
export function open(key: Uint8Array, sealed: string, context: string): string {
  const parts = typeof sealed === 'string' ? sealed.split('.') : []
  if (parts.length !== 3 || parts[0] !== VERSION) throw new CloudError('INTERNAL_ERROR', 'sealed value is malformed')
  const iv = view(Buffer.from(parts[1], 'base64url'))
  const body = view(Buffer.from(parts[2], 'base64url'))
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new CloudError('INTERNAL_ERROR', 'sealed value is malformed')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(view(Buffer.from(context, 'utf8')))
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
    return decipher.update(body.subarray(0, body.length - TAG_BYTES), undefined, 'utf8') + decipher.final('utf8')
  } catch {
    throw new CloudError('INTERNAL_ERROR', 'sealed value does not authenticate')
  }
}
