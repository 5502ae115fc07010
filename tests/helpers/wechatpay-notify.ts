/**
 * WeChat Pay notifies crafted as WeChat Pay builds them, with node:crypto only
 * (never the code under test): the resource sealed with AES-256-GCM under the
 * APIv3 key, the raw body signed with SHA256withRSA by the platform's private
 * key (the emulator's testing key), the Wechatpay-* headers set. Used by the
 * integration tests (tests/helpers/pay.ts) and by the benchmarks.
 */
import { createCipheriv, createSign, randomBytes, type KeyObject } from 'node:crypto'

/** A notify as it arrives: lower-case header names and the raw body. */
export interface CraftedNotify {
  headers: Record<string, string>
  body: string
}

/** The keys WeChat Pay signs and encrypts with. */
export interface NotifyKeys {
  apiV3Key: string
  /** The platform's private key (testing key) and the serial / public key id it goes by. */
  platformPrivateKey: KeyObject | string
  serial: string
}

/** Options of one notify; the defaults make a valid TRANSACTION.SUCCESS. */
export interface CraftOptions {
  eventType?: string
  originalType?: 'transaction' | 'refund'
  /** Pretty-print the body: WeChat's bytes are whatever they are, never re-serialised. */
  pretty?: boolean
  /** Unix seconds of Wechatpay-Timestamp; default now. */
  timestamp?: number
  /** Flip one bit of the GCM tag (the body is still signed validly). */
  tamperTag?: boolean
}

function u8(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** AES-256-GCM as WeChat Pay seals a resource: base64 of ciphertext ‖ tag. */
export function sealResource(apiV3Key: string, nonce: string, aad: string, plaintext: string, tamperTag = false): string {
  const cipher = createCipheriv('aes-256-gcm', u8(Buffer.from(apiV3Key, 'utf8')), u8(Buffer.from(nonce, 'utf8')))
  cipher.setAAD(u8(Buffer.from(aad, 'utf8')))
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()].map(u8))
  if (tamperTag) sealed[sealed.length - 1] ^= 0x01
  return sealed.toString('base64')
}

/** A notify carrying `resource` (the decrypted transaction or refund). */
export function craftNotify(keys: NotifyKeys, resource: object, options: CraftOptions = {}): CraftedNotify {
  const originalType = options.originalType ?? 'transaction'
  const nonce = randomBytes(6).toString('hex')
  const envelope = {
    id: `EV-${randomBytes(8).toString('hex')}`,
    create_time: new Date().toISOString().slice(0, 19) + '+08:00',
    resource_type: 'encrypt-resource',
    event_type: options.eventType ?? 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: originalType,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: sealResource(keys.apiV3Key, nonce, originalType, JSON.stringify(resource), options.tamperTag ?? false),
      associated_data: originalType,
      nonce,
    },
  }
  const body = options.pretty ? JSON.stringify(envelope, null, 2) : JSON.stringify(envelope)
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000))
  const headerNonce = randomBytes(16).toString('hex').toUpperCase()
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${headerNonce}\n${body}\n`, 'utf8').sign(keys.platformPrivateKey, 'base64')
  return {
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': headerNonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': keys.serial,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
    body,
  }
}
