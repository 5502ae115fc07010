import type { Database } from '../shared/database'
import { commands } from '../shared/db-commands'
import { CloudError } from '../shared/errors'
import type { MerchantConfig } from '../shared/config'
import type { SessionCaller } from '../login/sessions'
import { USERS, type UserRecord } from '../login/users'

/**
 * The merchant operator role. Who operates the shop is configured on the
 * server (`merchant.operators` in the kit's config) and checked on every
 * merchant call; nothing a client sends can claim it. An operator entry names
 * the kit's `userId`, or a WeChat identity (`appid` + `openid`), which stands
 * for the user that identity logs in as (its primary user when it is linked).
 */

/** A caller the config names as an operator. */
export interface Operator {
  userId: string
  name: string
}

type OperatorEntry = MerchantConfig['operators'][number]

/** The operator the caller is, or MERCHANT_ONLY (one database read when identities are configured). */
export async function requireOperator(db: Database, caller: Pick<SessionCaller, 'userId'>, merchant: MerchantConfig): Promise<Operator> {
  const operator = await operatorOf(db, caller.userId, merchant.operators)
  if (!operator) throw new CloudError('MERCHANT_ONLY', 'only a merchant operator may do this')
  return operator
}

/** Whether the caller is an operator (for a client deciding what to show; the server checks again on every call). */
export async function operatorOf(db: Database, userId: string, entries: readonly OperatorEntry[]): Promise<Operator | undefined> {
  const byUserId = entries.find((entry) => entry.userId === userId)
  if (byUserId) return { userId, name: byUserId.name ?? '店员' }
  const identities = entries.filter((entry): entry is OperatorEntry & { appid: string; openid: string } => !!entry.appid && !!entry.openid)
  if (identities.length === 0) return undefined
  // The caller's own identities: the user document itself and those linked to it.
  const { data } = await db
    .collection<UserRecord>(USERS)
    .where({ openid: commands(db).in(identities.map((entry) => entry.openid)) })
    .limit(identities.length)
    .get()
  for (const user of data) {
    if ((user.linkedUserId ?? user._id) !== userId) continue
    const entry = identities.find((e) => e.appid === user.appid && e.openid === user.openid)
    if (entry) return { userId, name: entry.name ?? '店员' }
  }
  return undefined
}
