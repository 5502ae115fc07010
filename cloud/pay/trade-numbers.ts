import { beijingStamp } from '../shared/beijing-time'
import type { Env } from '../shared/env'

/**
 * The merchant's numbers and times as WeChat Pay wants them: out_trade_no
 * (6–32 of [0-9A-Za-z_-|*], unique per merchant), out_refund_no (1–64), and
 * RFC 3339 times in Beijing time.
 */

// Crockford's base32: no I, L, O, U, so a number read aloud or retyped stays unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function randomChars(env: Pick<Env, 'randomBytes'>, length: number): string {
  const bytes = env.randomBytes(length)
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] & 31]
  return out
}

/** A new out_trade_no: Beijing time to the second plus 10 random characters (24 in all, 50 bits of chance). */
export function newOutTradeNo(env: Pick<Env, 'now' | 'randomBytes'>): string {
  return `${beijingStamp(env.now())}${randomChars(env, 10)}`
}

/** A new out_refund_no: `R`, Beijing time, 10 random characters. */
export function newOutRefundNo(env: Pick<Env, 'now' | 'randomBytes'>): string {
  return `R${beijingStamp(env.now())}${randomChars(env, 10)}`
}

/** Milliseconds of an RFC 3339 time from WeChat Pay, or undefined when absent or unreadable. */
export function parseWechatTime(text: string | undefined): number | undefined {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(text)) return undefined
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}
