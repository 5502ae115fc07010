import { createPrivateKey, createSign, type KeyObject } from 'node:crypto'
import { WxpayError } from './errors'

/** Signs messages as the merchant. */
export interface Signer {
  /** Serial number of the merchant API certificate (goes into Authorization). */
  readonly serialNo: string
  /** Base64 SHA256withRSA of the UTF-8 message. */
  sign(message: string): string
}

/** Parse a PEM (or pass a KeyObject through) as an RSA private key, or throw KEY_INVALID. */
export function toRsaPrivateKey(key: KeyObject | string): KeyObject {
  let parsed: KeyObject
  try {
    parsed = typeof key === 'string' ? createPrivateKey(key) : key
  } catch {
    throw new WxpayError('KEY_INVALID', 'merchant private key does not parse')
  }
  if (parsed.type !== 'private' || parsed.asymmetricKeyType !== 'rsa') {
    throw new WxpayError('KEY_INVALID', 'merchant private key must be an RSA private key')
  }
  return parsed
}

/** SHA256withRSA signer over the merchant private key (parsed once). */
export class RsaSigner implements Signer {
  readonly serialNo: string
  readonly #key: KeyObject

  constructor(options: { privateKey: KeyObject | string; serialNo: string }) {
    this.#key = toRsaPrivateKey(options.privateKey)
    this.serialNo = options.serialNo
  }

  /** Base64 SHA256withRSA (PKCS#1 v1.5) of the UTF-8 message. */
  sign(message: string): string {
    return createSign('RSA-SHA256').update(message, 'utf8').sign(this.#key, 'base64')
  }
}
