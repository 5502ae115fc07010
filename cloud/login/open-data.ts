import { createDecipheriv } from 'node:crypto'
import { CloudError } from '../shared/errors'

/**
 * Mini-program encrypted open data (开放数据校验与解密, e.g. wx.getWeRunData):
 * AES-128-CBC with PKCS#7 padding, key = base64-decoded session_key (16 bytes),
 * iv = base64-decoded iv (16 bytes); the plaintext is JSON carrying
 * `watermark { appid, timestamp }`.
 *
 * WeChat has no error code for a failed decryption: with a session_key that
 * is no longer the user's current one, the padding check fails or, rarely,
 * the bytes are not JSON. Both mean the same thing to the client — log in
 * again (wx.login) and fetch the data afresh — so both are SESSION_KEY_STALE.
 * A payload that opens but is not WeChat's (no watermark, another app's
 * appid, a malformed body) is OPEN_DATA_INVALID; one whose watermark is
 * outside the window is OPEN_DATA_EXPIRED. No error carries the data or the key.
 */

/**
 * How far a watermark's timestamp (when WeChat handed the data over) may lie
 * from the server's clock: the client decrypts right after getting the data,
 * so five minutes back covers slow networks and retries; a minute ahead
 * covers clock skew.
 */
export const OPEN_DATA_WATERMARK_WINDOW = { maxAgeSeconds: 300, maxAheadSeconds: 60 } as const

/** What `openEncryptedData` answers: the business fields, the watermark checked and removed. */
export type OpenedData = Record<string, unknown>

/** One day of WeChat steps: `timestamp` (seconds) of the day, `step` the count. */
export interface StepInfo {
  timestamp: number
  step: number
}

const BLOCK_BYTES = 16

function bytesOf(base64: string): Uint8Array {
  const buffer = Buffer.from(base64, 'base64')
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

function stale(): CloudError {
  return new CloudError('SESSION_KEY_STALE', 'encrypted data does not open with the stored session_key')
}

/**
 * Decrypt `encryptedData` with `sessionKey` (both base64, as WeChat gives
 * them), check the watermark against `appid` and the window around `nowSeconds`,
 * and answer the plaintext without its watermark.
 */
export function openEncryptedData(input: {
  sessionKey: string
  encryptedData: string
  iv: string
  appid: string
  nowSeconds: number
  window?: { maxAgeSeconds: number; maxAheadSeconds: number }
}): OpenedData {
  const key = bytesOf(input.sessionKey)
  // A stored key that is not 16 bytes cannot be WeChat's current one either.
  if (key.length !== BLOCK_BYTES) throw stale()
  const iv = bytesOf(input.iv)
  const ciphertext = bytesOf(input.encryptedData)
  if (iv.length !== BLOCK_BYTES || ciphertext.length === 0 || ciphertext.length % BLOCK_BYTES !== 0) {
    throw new CloudError('PARAM_INVALID', 'invalid parameter: encryptedData, iv', {
      fields: [{ field: 'encryptedData', reason: 'must be base64 of whole AES blocks' }, { field: 'iv', reason: 'must be base64 of 16 bytes' }],
    })
  }
  let text: string
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, iv)
    decipher.setAutoPadding(true)
    text = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
  } catch {
    throw stale()
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw stale()
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw stale()
  const { watermark, ...fields } = parsed as Record<string, unknown>
  checkWatermark(watermark, input.appid, input.nowSeconds, input.window ?? OPEN_DATA_WATERMARK_WINDOW)
  return fields
}

/** The watermark must name our appid and a time inside the window. */
function checkWatermark(watermark: unknown, appid: string, nowSeconds: number, window: { maxAgeSeconds: number; maxAheadSeconds: number }): void {
  const mark = (typeof watermark === 'object' && watermark !== null ? watermark : {}) as { appid?: unknown; timestamp?: unknown }
  if (typeof mark.appid !== 'string' || mark.appid !== appid) {
    throw new CloudError('OPEN_DATA_INVALID', 'encrypted data was not issued for this mini program')
  }
  if (typeof mark.timestamp !== 'number' || !Number.isInteger(mark.timestamp)) {
    throw new CloudError('OPEN_DATA_INVALID', 'encrypted data carries no watermark time')
  }
  if (mark.timestamp < nowSeconds - window.maxAgeSeconds || mark.timestamp > nowSeconds + window.maxAheadSeconds) {
    throw new CloudError('OPEN_DATA_EXPIRED', 'encrypted data is outside the watermark window')
  }
}

function isStepInfo(value: unknown): value is StepInfo {
  if (typeof value !== 'object' || value === null) return false
  const { timestamp, step } = value as Record<string, unknown>
  return Number.isInteger(timestamp) && Number.isInteger(step) && (step as number) >= 0
}

/** WeRun (wx.getWeRunData): only `stepInfoList`, each day reduced to `{ timestamp, step }`. */
export function weRunFields(data: OpenedData): { stepInfoList: StepInfo[] } {
  const list = data.stepInfoList
  if (!Array.isArray(list) || !list.every(isStepInfo)) {
    throw new CloudError('OPEN_DATA_INVALID', 'encrypted data is not WeRun data')
  }
  return { stepInfoList: list.map(({ timestamp, step }) => ({ timestamp, step })) }
}

/** The kinds of open data the kit decrypts, each with the business fields it answers. */
export const OPEN_DATA_FIELDS = { werun: weRunFields } as const

/** A kind of open data the kit decrypts. */
export type OpenDataKind = keyof typeof OPEN_DATA_FIELDS
