import { createHash } from 'node:crypto'
import { isDuplicateKeyError, type Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { commands } from '../shared/db-commands'
import { randomId, type Env } from '../shared/env'
import { COLLECTIONS } from '../shared/collections'

/**
 * One use per WeChat login code, as WeChat itself allows (40163), with one
 * exception: the same client's own retry of the same call, within
 * LOGIN_RETRY_WINDOW_MS, gets the first call's outcome (its answer was lost on
 * the way back, the client sent the request again). Anyone else presenting a
 * used code (the code of an H5 OAuth return sits in a URL: history, Referer,
 * access logs) gets LOGIN_CODE_USED and nothing of the session.
 *
 * "The same client" is a hash of the call, the client's idempotency key and
 * what the request says about the client (IP, user agent, platform, app,
 * device). The key is the part an onlooker does not have: 128 random bits the
 * client generates per login attempt and sends only in the call's body, never
 * in a URL. A call without a key is never replayed. The other parts are not
 * secret, but a retry carrying a stolen key from elsewhere still fails.
 *
 * The entry's key is a hash of (appid, code) and it stores the binding's hash,
 * the user and session ids and the session generation: no code, no token,
 * nothing a database reader could present. A replay re-derives the grant from
 * the session, and only while the session is still at that generation (not
 * refreshed, not revoked), so a rotated refresh token is never handed out.
 *
 * The first request claims the code (insert with a unique `_id`); a duplicate
 * of the same client arriving meanwhile waits for the claim to finish. A failed
 * exchange releases the claim, so a retry asks WeChat again (which then answers
 * definitively). A claim whose owner died is taken over after its lease.
 */

export const LOGIN_CODES = COLLECTIONS.loginCodes
/** WeChat's lifetime of a login / OAuth code: entries are kept (refusing reuse) this long. */
export const CODE_TTL_MS = 5 * 60 * 1000
/** How long after a code's login the same client's retry of the call gets the same outcome. */
export const LOGIN_RETRY_WINDOW_MS = 60_000

/** How the cache waits and how long a claim may take. */
export interface CodeCacheOptions {
  /** A claim older than this without an outcome is considered dead. */
  leaseMs?: number
  /** How long a duplicate waits for the first request's outcome. */
  waitMs?: number
  pollMs?: number
}

const DEFAULTS = { leaseMs: 20_000, waitMs: 10_000, pollMs: 100 }

/** What the cache needs. */
export interface CodeCacheDeps {
  db: Database
  env: Env
}

/** What identifies the client of one login call. */
export interface LoginClient {
  /** Random per login attempt (the kit's client: 16 random bytes), resent only by that attempt's retries. */
  idempotencyKey?: string
  clientIP?: string
  userAgent?: string
  /** `uniPlatform` of the client info. */
  platform?: string
  /** The client's DCloud appId. */
  appId?: string
  deviceId?: string
}

/**
 * The binding of a login call to its client: a hash, so the cache holds nothing
 * that could be presented. Undefined without an idempotency key: such a call
 * cannot be told from someone else's replay, so it is never replayed.
 */
export function clientBinding(call: string, client: LoginClient): string | undefined {
  if (!client.idempotencyKey) return undefined
  const parts = [call, client.idempotencyKey, client.clientIP, client.userAgent, client.platform, client.appId, client.deviceId]
  return createHash('sha256')
    .update(JSON.stringify(parts.map((part) => part ?? '')))
    .digest('hex')
}

interface LoginCodeRecord<R> {
  _id: string
  status: 'pending' | 'done'
  owner: string
  leaseUntil: number
  expiresAt: number
  /** Hash of the claiming call's client binding; absent: never replayed. */
  binding?: string
  /** When the outcome was recorded. */
  doneAt?: number
  result?: R
}

/** Either this request owns the code now, or the code's earlier result (for the same client, within the window). */
export type CodeClaim<R> = { kind: 'claimed'; owner: string } | { kind: 'done'; result: R }

function codeId(appid: string, code: string): string {
  return createHash('sha256').update(`${appid}\n${code}`).digest('hex')
}

/** The refusal of a used code: the same for every reason, so it tells the caller nothing. */
export function codeUsed(): CloudError {
  return new CloudError('LOGIN_CODE_USED', 'login code already used')
}

/**
 * Claim a code, or get the result a request of the same client (`binding`)
 * already produced within LOGIN_RETRY_WINDOW_MS. LOGIN_CODE_USED for everyone
 * else, and for everyone once the window has passed.
 */
export async function claimCode<R>(
  deps: CodeCacheDeps,
  appid: string,
  code: string,
  binding: string | undefined,
  options: CodeCacheOptions = {},
): Promise<CodeClaim<R>> {
  const { leaseMs, waitMs, pollMs } = { ...DEFAULTS, ...options }
  const id = codeId(appid, code)
  const owner = randomId(deps.env, 12)
  const collection = deps.db.collection<LoginCodeRecord<R>>(LOGIN_CODES)
  const cmd = commands(deps.db)
  const deadline = deps.env.now() + waitMs
  for (;;) {
    const now = deps.env.now()
    const claim = { status: 'pending' as const, owner, leaseUntil: now + leaseMs, expiresAt: now + CODE_TTL_MS }
    try {
      await collection.add({ _id: id, ...claim, ...(binding ? { binding } : {}) })
      return { kind: 'claimed', owner }
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error
    }
    const record = (await collection.doc(id).get()).data[0]
    if (record) {
      const stale = record.expiresAt <= now || (record.status === 'pending' && record.leaseUntil <= now)
      if (stale) {
        const { updated } = await collection
          .where({ _id: id, owner: record.owner, status: record.status })
          .update({ ...claim, binding: binding ?? cmd.remove(), doneAt: cmd.remove(), result: cmd.remove() })
        if (updated === 1) return { kind: 'claimed', owner }
        continue
      }
      if (!binding || record.binding !== binding) throw codeUsed()
      if (record.status === 'done') {
        if (now - (record.doneAt ?? 0) > LOGIN_RETRY_WINDOW_MS) throw codeUsed()
        return { kind: 'done', result: record.result as R }
      }
      if (now >= deadline) throw new CloudError('WX_UPSTREAM_BUSY', 'a request with this code is still in progress')
      await deps.env.sleep(pollMs)
    }
    // No record: the earlier claim was released; try to claim again.
  }
}

/** Record the outcome of a claimed code. */
export async function completeCode<R>(deps: CodeCacheDeps, appid: string, code: string, owner: string, result: R): Promise<void> {
  await deps.db
    .collection(LOGIN_CODES)
    .where({ _id: codeId(appid, code), owner, status: 'pending' })
    .update({ status: 'done', result: commands(deps.db).set(result), doneAt: deps.env.now(), leaseUntil: 0 })
}

/** Give up a claim (the exchange failed), so a retry asks WeChat again. */
export async function releaseCode(deps: CodeCacheDeps, appid: string, code: string, owner: string): Promise<void> {
  await deps.db.collection(LOGIN_CODES).where({ _id: codeId(appid, code), owner, status: 'pending' }).remove()
}

/** Delete entries of codes that have expired. */
export async function purgeLoginCodes(deps: Pick<CodeCacheDeps, 'db' | 'env'>): Promise<number> {
  const { deleted } = await deps.db
    .collection(LOGIN_CODES)
    .where({ expiresAt: commands(deps.db).lt(deps.env.now()) })
    .remove()
  return deleted
}
