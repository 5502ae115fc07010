import { createHash, randomBytes } from 'node:crypto'
import { currentSessionKey } from './codes'
import type { EmulatorCore } from './core'
import { aesCbcEncrypt } from './crypto/aes-cbc-cipher'
import { u8 } from './crypto/bytes'

/**
 * Mini-program open data as the phone hands it over (开放数据校验与解密):
 * JSON plaintext plus `watermark { appid, timestamp }`, AES-128-CBC/PKCS#7
 * under the session_key of the user's latest jscode2session, a fresh random
 * 16-byte iv. Logging in again rotates the key, so data sealed before no
 * longer opens with the new one, as in WeChat.
 */

/** encryptedData + iv as wx.getWeRunData / the legacy getPhoneNumber give them. */
export interface SealedOpenData {
  encryptedData: string
  iv: string
}

/** One day of WeRun: midnight (Beijing) in seconds, and that day's steps. */
export interface StepInfo {
  timestamp: number
  step: number
}

const DAY_MS = 86400_000
const BEIJING_OFFSET_MS = 8 * 3600_000
/** wx.getWeRunData answers the last 31 days (the current docs; older pages said 30). */
export const WERUN_DAYS = 31

/**
 * Seal `data` for (appid, user) with the watermark, or undefined when the user
 * has no session_key under that app (never logged in: the phone would refuse).
 * `watermark` replaces the watermark's fields: only for tests of a server's
 * checks (another app's appid, an old timestamp); WeChat always writes the truth.
 */
export function sealOpenData(
  core: EmulatorCore,
  appid: string,
  user: string,
  data: Record<string, unknown>,
  iv: Uint8Array = u8(randomBytes(16)),
  watermark: { appid?: string; timestamp?: number } = {},
): SealedOpenData | undefined {
  const sessionKey = currentSessionKey(core, appid, user)
  if (!sessionKey) return undefined
  const plaintext = JSON.stringify({ ...data, watermark: { appid, timestamp: core.clock.nowSeconds(), ...watermark } })
  return { encryptedData: aesCbcEncrypt(sessionKey, iv, plaintext), iv: Buffer.from(iv).toString('base64') }
}

/**
 * The user's last 31 days of steps, oldest first, each at Beijing midnight;
 * the counts are derived from the user key and the day, so they are stable.
 */
export function weRunStepInfo(core: EmulatorCore, user: string): StepInfo[] {
  const todayMidnight = Math.floor((core.clock.now() + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS
  const days: StepInfo[] = []
  for (let back = WERUN_DAYS - 1; back >= 0; back--) {
    const timestamp = Math.floor((todayMidnight - back * DAY_MS) / 1000)
    const step = createHash('sha256').update(`werun|${user}|${timestamp}`).digest().readUInt32BE(0) % 20_000
    days.push({ timestamp, step })
  }
  return days
}

/** phoneNumber / purePhoneNumber / countryCode of a stored number (`+1 4155550100` or mainland `13800138000`). */
export function phoneParts(phone: string): { phoneNumber: string; purePhoneNumber: string; countryCode: string } {
  const international = /^\+(\d{1,4})\s*(.+)$/.exec(phone)
  return {
    phoneNumber: phone,
    purePhoneNumber: (international ? international[2] : phone).replace(/\D/g, ''),
    countryCode: international ? international[1] : '86',
  }
}
