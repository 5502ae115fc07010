import { AUTH_SCHEMA, ResponseHeaders, SIGNTEST_PREFIX, TIMESTAMP_WINDOW_SECONDS } from './constants'
import { WxpayError } from './errors'
import { buildResponseMessage } from './messages'
import type { Verifier } from './rsa-verifier'
import type { Clock } from './types'

/** What a validated response or notify proved. */
export interface ValidatedSignature {
  serial: string
  /** Unix seconds from Wechatpay-Timestamp. */
  timestamp: number
  nonce: string
  requestId?: string
}

/** Header names lower-cased; array values (some HTTP layers) joined. */
function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/**
 * Validates a WeChat Pay response or notify: required headers, the 300-second
 * window, the SIGNTEST probe, then the signature over TIMESTAMP\nNONCE\nBODY\n
 * built from the RAW body string exactly as received.
 */
export class WechatPayValidator {
  readonly #verifier: Verifier
  readonly #now: Clock
  readonly #windowSeconds: number

  constructor(options: { verifier: Verifier; now?: Clock; windowSeconds?: number }) {
    this.#verifier = options.verifier
    this.#now = options.now ?? Date.now
    this.#windowSeconds = options.windowSeconds ?? TIMESTAMP_WINDOW_SECONDS
  }

  /** Resolve with the checked facts, or throw a WxpayError saying what failed. */
  async validate(headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<ValidatedSignature> {
    // A parsed object here means someone re-serialised: the signature could never match reliably.
    if (typeof rawBody !== 'string') throw new WxpayError('BODY_NOT_RAW', 'body must be the raw string received')
    const h = lowerCaseHeaders(headers)
    const timestampText = h[ResponseHeaders.Timestamp]
    const nonce = h[ResponseHeaders.Nonce]
    const signature = h[ResponseHeaders.Signature]
    const serial = h[ResponseHeaders.Serial]
    const missing = [
      [ResponseHeaders.Timestamp, timestampText],
      [ResponseHeaders.Nonce, nonce],
      [ResponseHeaders.Signature, signature],
      [ResponseHeaders.Serial, serial],
    ]
      .filter(([, value]) => !value)
      .map(([name]) => name)
    if (missing.length > 0 || !timestampText || !nonce || !signature || !serial) {
      throw new WxpayError('HEADER_MISSING', `missing header: ${missing.join(', ')}`)
    }

    const signatureType = h[ResponseHeaders.SignatureType]
    if (signatureType !== undefined && signatureType !== AUTH_SCHEMA) {
      throw new WxpayError('ALGORITHM_UNSUPPORTED', 'unsupported Wechatpay-Signature-Type')
    }

    if (!/^\d{1,12}$/.test(timestampText)) throw new WxpayError('HEADER_INVALID', 'Wechatpay-Timestamp is not unix seconds')
    const timestamp = Number(timestampText)
    const nowSeconds = Math.floor(this.#now() / 1000)
    if (Math.abs(nowSeconds - timestamp) > this.#windowSeconds) {
      throw new WxpayError('TIMESTAMP_EXPIRED', `Wechatpay-Timestamp is outside the ${this.#windowSeconds} s window`)
    }

    if (signature.startsWith(SIGNTEST_PREFIX)) {
      throw new WxpayError('SIGNTEST', 'WeChat Pay signature probe (WECHATPAY/SIGNTEST/) rejected')
    }

    await this.#verifier.verify(serial, buildResponseMessage({ timestamp: timestampText, nonce, body: rawBody }), signature)
    const result: ValidatedSignature = { serial, timestamp, nonce }
    const requestId = h[ResponseHeaders.RequestId]
    if (requestId) result.requestId = requestId
    return result
  }
}
