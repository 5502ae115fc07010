import { createHash } from 'node:crypto'
import { isDuplicateKeyError, type Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { commands } from '../shared/db-commands'
import { randomId, type Env } from '../shared/env'
import { COLLECTIONS } from '../shared/collections'

/**
 * The result of a WeChat login code, kept for the code's 5-minute life, so a
 * duplicated request (a double tap, a retried call) gets the same answer
 * instead of WX_CODE_USED. The key is a hash of (appid, code); the code itself
 * is never stored.
 *
 * The first request claims the code (insert with a unique `_id`); a duplicate
 * arriving meanwhile waits for the claim to finish and answers its result. A
 * failed exchange releases the claim, so a retry asks WeChat again (which then
 * answers definitively). A claim whose owner died is taken over after its lease.
 */

export const LOGIN_CODES = COLLECTIONS.loginCodes
/** WeChat's lifetime of a login / OAuth code. */
export const CODE_TTL_MS = 5 * 60 * 1000

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

interface LoginCodeRecord<R> {
  _id: string
  status: 'pending' | 'done'
  owner: string
  leaseUntil: number
  expiresAt: number
  result?: R
}

/** Either this request owns the code now, or the code's earlier result. */
export type CodeClaim<R> = { kind: 'claimed'; owner: string } | { kind: 'done'; result: R }

function codeId(appid: string, code: string): string {
  return createHash('sha256').update(`${appid}\n${code}`).digest('hex')
}

/** Claim a code, or get the result a request with the same code already produced. */
export async function claimCode<R>(
  deps: CodeCacheDeps,
  appid: string,
  code: string,
  options: CodeCacheOptions = {},
): Promise<CodeClaim<R>> {
  const { leaseMs, waitMs, pollMs } = { ...DEFAULTS, ...options }
  const id = codeId(appid, code)
  const owner = randomId(deps.env, 12)
  const collection = deps.db.collection<LoginCodeRecord<R>>(LOGIN_CODES)
  const deadline = deps.env.now() + waitMs
  for (;;) {
    const now = deps.env.now()
    try {
      await collection.add({ _id: id, status: 'pending', owner, leaseUntil: now + leaseMs, expiresAt: now + CODE_TTL_MS })
      return { kind: 'claimed', owner }
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error
    }
    const record = (await collection.doc(id).get()).data[0]
    if (record) {
      if (record.status === 'done' && record.expiresAt > now) return { kind: 'done', result: record.result as R }
      const stale = record.expiresAt <= now || (record.status === 'pending' && record.leaseUntil <= now)
      if (stale) {
        const { updated } = await collection
          .where({ _id: id, owner: record.owner, status: record.status })
          .update({ status: 'pending', owner, leaseUntil: now + leaseMs, expiresAt: now + CODE_TTL_MS, result: commands(deps.db).remove() })
        if (updated === 1) return { kind: 'claimed', owner }
        continue
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
    .update({ status: 'done', result: commands(deps.db).set(result), leaseUntil: 0 })
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
