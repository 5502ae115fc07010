import { decryptAesGcm } from './aes-gcm-cipher'
import { AES_GCM_ALGORITHM } from './constants'
import { WxpayError } from './errors'
import type { NotifyEvent, RefundNotifyResource, Transaction } from './types'
import type { ValidatedSignature, WechatPayValidator } from './validator'

/** A verified, decrypted notify. */
export interface ParsedNotify<R> {
  event: NotifyEvent
  resource: R
  signature: ValidatedSignature
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseEnvelope(rawBody: string): NotifyEvent {
  let event: unknown
  try {
    event = JSON.parse(rawBody)
  } catch {
    throw new WxpayError('NOTIFY_MALFORMED', 'notify body is not JSON')
  }
  if (!isObject(event) || typeof event.id !== 'string' || typeof event.event_type !== 'string' || !isObject(event.resource)) {
    throw new WxpayError('NOTIFY_MALFORMED', 'notify body lacks id, event_type or resource')
  }
  const { resource } = event
  if (typeof resource.algorithm !== 'string' || typeof resource.ciphertext !== 'string' || typeof resource.nonce !== 'string') {
    throw new WxpayError('NOTIFY_MALFORMED', 'notify resource lacks algorithm, ciphertext or nonce')
  }
  if (resource.associated_data !== undefined && typeof resource.associated_data !== 'string') {
    throw new WxpayError('NOTIFY_MALFORMED', 'notify resource associated_data is not a string')
  }
  return event as unknown as NotifyEvent
}

/**
 * Parses WeChat Pay notifies in the only safe order: validate headers and
 * window → verify the signature over the raw body → check the algorithm →
 * decrypt (tag checked) → parse the JSON. Nothing is trusted before the step
 * that proves it; in particular a successful decryption proves nothing about
 * the sender.
 */
export class NotifyParser {
  readonly #validator: WechatPayValidator
  readonly #apiV3Key: string | Buffer

  constructor(options: { validator: WechatPayValidator; apiV3Key: string | Buffer }) {
    this.#validator = options.validator
    this.#apiV3Key = options.apiV3Key
  }

  /** Verify and decrypt a notify; `rawBody` is the body exactly as received. */
  async parse<R = unknown>(headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<ParsedNotify<R>> {
    const signature = await this.#validator.validate(headers, rawBody)
    const event = parseEnvelope(rawBody)
    if (event.resource.algorithm !== AES_GCM_ALGORITHM) {
      throw new WxpayError('ALGORITHM_UNSUPPORTED', 'notify resource algorithm is not AEAD_AES_256_GCM')
    }
    const plaintext = decryptAesGcm({
      key: this.#apiV3Key,
      nonce: event.resource.nonce,
      associatedData: event.resource.associated_data ?? '',
      ciphertext: event.resource.ciphertext,
    })
    let resource: unknown
    try {
      resource = JSON.parse(plaintext)
    } catch {
      throw new WxpayError('NOTIFY_MALFORMED', 'decrypted resource is not JSON')
    }
    if (!isObject(resource)) throw new WxpayError('NOTIFY_MALFORMED', 'decrypted resource is not an object')
    return { event, resource: resource as R, signature }
  }

  /** A TRANSACTION.* notify; any other event type is NOTIFY_MALFORMED. */
  parseTransaction(headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<ParsedNotify<Transaction>> {
    return this.#parseKind<Transaction>('TRANSACTION.', headers, rawBody)
  }

  /** A REFUND.* notify; any other event type is NOTIFY_MALFORMED. */
  parseRefund(headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<ParsedNotify<RefundNotifyResource>> {
    return this.#parseKind<RefundNotifyResource>('REFUND.', headers, rawBody)
  }

  async #parseKind<R>(prefix: string, headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<ParsedNotify<R>> {
    const parsed = await this.parse<R>(headers, rawBody)
    if (!parsed.event.event_type.startsWith(prefix)) {
      throw new WxpayError('NOTIFY_MALFORMED', `expected a ${prefix}* notify`)
    }
    return parsed
  }
}
