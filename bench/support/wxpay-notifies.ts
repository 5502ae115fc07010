/**
 * WeChat Pay notifies crafted as WeChat Pay builds them, with node:crypto only
 * (never the code under test): the resource sealed with AES-256-GCM under the
 * APIv3 key, the raw body signed with SHA256withRSA by the platform's private
 * key (the emulator's testing key), the Wechatpay-* headers set.
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
  platformPrivateKey: KeyObject
  serial: string
}

/** Options of one notify; the defaults make a valid TRANSACTION.SUCCESS. */
export interface CraftOptions {
  /** Unix seconds of Wechatpay-Timestamp; default now. */
  timestamp?: number
  /** Flip one bit of the GCM tag (the body is still signed validly). */
  tamperTag?: boolean
}

function u8(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** AES-256-GCM as WeChat Pay seals a resource: base64 of ciphertext ‖ tag. */
function seal(apiV3Key: string, nonce: string, aad: string, plaintext: string, tamperTag: boolean): string {
  const cipher = createCipheriv('aes-256-gcm', u8(Buffer.from(apiV3Key, 'utf8')), u8(Buffer.from(nonce, 'utf8')))
  cipher.setAAD(u8(Buffer.from(aad, 'utf8')))
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()].map(u8))
  if (tamperTag) sealed[sealed.length - 1] ^= 0x01
  return sealed.toString('base64')
}

/** A TRANSACTION.SUCCESS notify carrying `resource` (the decrypted transaction). */
export function craftTransactionNotify(keys: NotifyKeys, resource: object, options: CraftOptions = {}): CraftedNotify {
  const nonce = randomBytes(6).toString('hex')
  const body = JSON.stringify({
    id: `EV-${randomBytes(8).toString('hex')}`,
    create_time: new Date().toISOString().slice(0, 19) + '+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: seal(keys.apiV3Key, nonce, 'transaction', JSON.stringify(resource), options.tamperTag ?? false),
      associated_data: 'transaction',
      nonce,
    },
  })
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

/** What WeChat Pay sends for a paid order (the fields the match checks, and the usual rest). */
export function paidTransaction(order: { appid: string; mchid: string; outTradeNo: string; amount: number }, i: number): object {
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    transaction_id: `4200${String(Date.now()).slice(-10)}${String(i).padStart(8, '0')}`,
    trade_type: 'NATIVE',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: new Date().toISOString().slice(0, 19) + '+08:00',
    payer: { openid: 'o-bench-payer' },
    amount: { total: order.amount, payer_total: order.amount, currency: 'CNY', payer_currency: 'CNY' },
  }
}
