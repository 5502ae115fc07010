import { createHash } from 'node:crypto'

/**
 * The JS-SDK `wx.config` signature (JS-SDK 附录1): sha1 over
 * `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` — keys in ASCII order,
 * values raw (not URL-encoded), url without `#` and what follows.
 * The message builder is kept apart from the hash so tests can pin the text.
 */

/** The inputs of one signature. */
export interface JsSdkSignInput {
  ticket: string
  nonceStr: string
  /** Seconds since the epoch. */
  timestamp: number
  /** The page URL; anything from `#` on is dropped. */
  url: string
}

/** The page URL as it is signed: without the fragment. */
export function signedUrl(url: string): string {
  const hash = url.indexOf('#')
  return hash < 0 ? url : url.slice(0, hash)
}

/** The exact text that is hashed. */
export function jsSdkSignatureMessage({ ticket, nonceStr, timestamp, url }: JsSdkSignInput): string {
  return `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${signedUrl(url)}`
}

/** The lower-case hex sha1 signature `wx.config` expects. */
export function jsSdkSignature(input: JsSdkSignInput): string {
  return createHash('sha1').update(jsSdkSignatureMessage(input), 'utf8').digest('hex')
}
