import { createHash } from 'node:crypto'
import { isDuplicateKeyError, type Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { commands } from '../shared/db-commands'
import { randomId, type Env } from '../shared/env'
import { open, seal } from '../shared/secret-box'
import type { WechatClient } from './client'
import { isCredentialError } from './errors'
import { COLLECTIONS } from '../shared/collections'

/**
 * The app-level WeChat credentials (access_token via stable_token, and the
 * JS-SDK jsapi_ticket), cached centrally in `wx_credentials` so every
 * instance shares one value:
 *
 * - refreshed before expiry (`refreshAt`), by one instance at a time: the
 *   refresher holds a lease taken with a conditional update; the others keep
 *   using the still-valid value or wait for the new one;
 * - sealed at rest (AES-256-GCM, the session-key encryption key) and never
 *   logged; a fingerprint (sha256 prefix) identifies a value without revealing it;
 * - on 40001/42001 `withAccessToken` marks exactly the rejected value stale
 *   (fingerprint match, so a value another instance already renewed is kept),
 *   forces one refresh (`force_refresh`, at most every 30 s as WeChat allows)
 *   and retries the call once.
 */

export const WX_CREDENTIALS = COLLECTIONS.credentials

export type CredentialKind = 'access_token' | 'jsapi_ticket'

/** An app's id and secret (a config section). */
export interface AppCredentials {
  appId: string
  appSecret: string
}

/** Timing of the cache. */
export interface CredentialCacheOptions {
  /** Refresh this long before expiry. stable_token renews only in its last 300 s, so stay below that. */
  refreshMarginMs?: number
  leaseMs?: number
  /** How long a caller waits for another instance's refresh when no valid value is left. */
  waitMs?: number
  pollMs?: number
  /** WeChat allows force_refresh at most every 30 s. */
  forceIntervalMs?: number
}

const DEFAULTS: Required<CredentialCacheOptions> = {
  refreshMarginMs: 180_000,
  leaseMs: 15_000,
  waitMs: 10_000,
  pollMs: 100,
  forceIntervalMs: 30_000,
}

/** What the cache needs. */
export interface CredentialDeps {
  db: Database
  env: Env
  /** The 32-byte sealing key. */
  key: Uint8Array
  options?: CredentialCacheOptions
}

interface CredentialRecord {
  _id: string
  kind: CredentialKind
  appid: string
  sealed?: string
  fingerprint?: string
  expiresAt: number
  refreshAt: number
  leaseOwner?: string
  leaseUntil: number
  /** Set when WeChat rejected the value: the next refresh forces a new one. */
  forceNext?: boolean
  forcedAt?: number
  updatedAt: number
}

/** What a fetch yields. */
export interface FetchedCredential {
  value: string
  expiresIn: number
}

/** Gets a new value from WeChat; `force` asks stable_token for a new token. */
export type CredentialFetcher = (force: boolean) => Promise<FetchedCredential>

function docId(kind: CredentialKind, appid: string): string {
  return `${kind}.${appid}`
}

/** A short, non-reversible identifier of a secret value. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16)
}

function openValue(deps: CredentialDeps, record: CredentialRecord | undefined): string | undefined {
  if (!record?.sealed) return undefined
  try {
    return open(deps.key, record.sealed, record._id)
  } catch {
    // Sealed with a former key: treat as absent and fetch anew.
    return undefined
  }
}

/** The cached value of a credential, refreshing it (one refresher at a time) when due. */
export async function getCredential(
  deps: CredentialDeps,
  kind: CredentialKind,
  appid: string,
  fetch: CredentialFetcher,
): Promise<string> {
  const o = { ...DEFAULTS, ...deps.options }
  const id = docId(kind, appid)
  const collection = deps.db.collection<CredentialRecord>(WX_CREDENTIALS)
  const cmd = commands(deps.db)
  const owner = randomId(deps.env, 12)
  const deadline = deps.env.now() + o.waitMs

  for (;;) {
    const record = (await collection.doc(id).get()).data[0]
    const now = deps.env.now()
    const value = openValue(deps, record)
    if (value && record && record.refreshAt > now && !record.forceNext) return value

    let leased = false
    if (!record) {
      try {
        await collection.add({ _id: id, kind, appid, expiresAt: 0, refreshAt: 0, leaseOwner: owner, leaseUntil: now + o.leaseMs, updatedAt: now })
        leased = true
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error
      }
    } else {
      const { updated } = await collection.where({ _id: id, leaseUntil: cmd.lt(now) }).update({ leaseOwner: owner, leaseUntil: now + o.leaseMs })
      leased = updated === 1
    }

    if (leased) {
      const force = !!record?.forceNext && now - (record.forcedAt ?? 0) >= o.forceIntervalMs
      let fetched: FetchedCredential
      try {
        fetched = await fetch(force)
      } catch (error) {
        await collection.where({ _id: id, leaseOwner: owner }).update({ leaseUntil: 0 })
        throw error
      }
      const at = deps.env.now()
      const lifetimeMs = fetched.expiresIn * 1000
      await collection.where({ _id: id, leaseOwner: owner }).update({
        sealed: seal(deps.key, fetched.value, id, deps.env),
        fingerprint: fingerprint(fetched.value),
        expiresAt: at + lifetimeMs,
        // A value that lives shorter than the margin is still used for half its life.
        refreshAt: at + Math.max(lifetimeMs - o.refreshMarginMs, lifetimeMs / 2),
        leaseUntil: 0,
        forceNext: false,
        ...(force ? { forcedAt: at } : {}),
        updatedAt: at,
      })
      return fetched.value
    }

    // Someone else is refreshing: a value that has not expired is still good.
    if (value && record && record.expiresAt > now && !record.forceNext) return value
    if (now >= deadline) throw new CloudError('WX_UPSTREAM_BUSY', 'WeChat credential refresh is taking too long')
    await deps.env.sleep(o.pollMs)
  }
}

/** Mark a value WeChat rejected as stale, unless another instance already replaced it. */
export async function invalidateCredential(deps: CredentialDeps, kind: CredentialKind, appid: string, rejected: string): Promise<void> {
  await deps.db
    .collection(WX_CREDENTIALS)
    .where({ _id: docId(kind, appid), fingerprint: fingerprint(rejected) })
    .update({ forceNext: true, refreshAt: 0, updatedAt: deps.env.now() })
}

/** The app's access_token (stable_token), from the cache. */
export function getAccessToken(deps: CredentialDeps, client: WechatClient, app: AppCredentials): Promise<string> {
  return getCredential(deps, 'access_token', app.appId, async (force) => {
    const { accessToken, expiresIn } = await client.stableToken({ appid: app.appId, secret: app.appSecret, forceRefresh: force })
    return { value: accessToken, expiresIn }
  })
}

/**
 * Run `call` with the app's access_token. When WeChat answers 40001/42001,
 * force one refresh and retry once; a second rejection is answered as is.
 */
export async function withAccessToken<T>(
  deps: CredentialDeps,
  client: WechatClient,
  app: AppCredentials,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  const token = await getAccessToken(deps, client, app)
  try {
    return await call(token)
  } catch (error) {
    if (!isCredentialError(error)) throw error
    await invalidateCredential(deps, 'access_token', app.appId, token)
    return call(await getAccessToken(deps, client, app))
  }
}

/** The official account's JS-SDK jsapi_ticket, from the cache. */
export function getJsapiTicket(deps: CredentialDeps, client: WechatClient, app: AppCredentials): Promise<string> {
  return getCredential(deps, 'jsapi_ticket', app.appId, async () => {
    const { ticket, expiresIn } = await withAccessToken(deps, client, app, (accessToken) => client.getTicket({ accessToken, type: 'jsapi' }))
    return { value: ticket, expiresIn }
  })
}
