import { createHash } from 'node:crypto'
import { CloudError } from '../shared/errors'
import { claimCode, completeCode, releaseCode, type CodeCacheDeps, type CodeCacheOptions } from './login-codes'

/**
 * One server exchange per phone-number code. WeChat charges for the button's
 * successful callback (快速验证 ¥0.03, 实时验证 ¥0.04), and getuserphonenumber
 * answers a code once (40029 afterwards), so a request retried after a lost
 * answer must not turn a paid-for number into a failure. The code's outcome is
 * kept for its 5 minutes in the login-code cache (`login-codes.ts`: a hash of
 * the code, never the code; a namespace of its own so a phone code can never
 * answer as a login code): the same user's repeat gets the stored result
 * without asking WeChat; anyone else presenting the code gets PHONE_CODE_USED
 * and nothing of the first user.
 */

/** Which button issued the code, as the client says (WeChat's answer is the same for both). */
export type PhoneCodeKind = 'quick' | 'realtime'

/** What a code's cache entry keeps: whose number it confirmed, and how. No number, no code. */
export interface PhoneCodeResult {
  userId: string
  kind: PhoneCodeKind
}

/** The cache namespace of phone codes of `appid` (login codes use the bare appid). */
function scope(appid: string): string {
  return `getuserphonenumber|${appid}`
}

/**
 * Run `exchange` for `code` unless it already ran: answers `{ replayed: false }`
 * after a first exchange, `{ replayed: true, result }` for the same user's
 * repeat; PHONE_CODE_USED for another user. A failed exchange is forgotten,
 * so a retry asks WeChat again (which then answers definitively).
 */
export async function exchangePhoneCodeOnce(
  deps: CodeCacheDeps & { codeCache?: CodeCacheOptions },
  appid: string,
  code: string,
  caller: PhoneCodeResult,
  exchange: () => Promise<void>,
): Promise<{ replayed: false } | { replayed: true; result: PhoneCodeResult }> {
  let claim: Awaited<ReturnType<typeof claimCode<PhoneCodeResult>>>
  try {
    // Bound to the user: only the same user's repeat (within the code cache's retry window) gets the stored result.
    claim = await claimCode<PhoneCodeResult>(deps, scope(appid), code, createHash('sha256').update(`phone\n${caller.userId}`).digest('hex'), deps.codeCache)
  } catch (error) {
    if (error instanceof CloudError && error.code === 'LOGIN_CODE_USED') throw new CloudError('PHONE_CODE_USED', 'phone code already used')
    throw error
  }
  if (claim.kind === 'done') {
    if (claim.result.userId !== caller.userId) throw new CloudError('PHONE_CODE_USED', 'phone code already used')
    return { replayed: true, result: claim.result }
  }
  try {
    await exchange()
  } catch (error) {
    await releaseCode(deps, scope(appid), code, claim.owner).catch(() => undefined)
    throw error
  }
  await completeCode<PhoneCodeResult>(deps, scope(appid), code, claim.owner, caller)
  return { replayed: false }
}
