import { defineCloudObject, kitTokenOf } from '../../shared/cloud-object'
import { getConfig } from '../../shared/config'
import { CloudError } from '../../shared/errors'
import { normaliseAnswer } from '../../shared/lifecycle'
import { getUniCloud } from '../../shared/unicloud'
import { systemEnv } from '../../shared/env'
import { authenticateCall, callerOf } from '../../login/caller'
import { requireOperator, type Operator } from '../../merchant/role'

/**
 * The merchant's side of WeChat Pay: what only a merchant operator may do —
 * review refunds, refund part or all of an order, enter shipments, close
 * orders, run a stuck fulfilment again, and the console's views. Kept apart
 * from the buyer's `pay` object; every method is checked in `_before`: a valid
 * login AND an operator named in the config (`merchant.operators`), else
 * MERCHANT_ONLY. The logic lives in cloud/pay and cloud/merchant.
 */

const NAME = 'payAdmin'

// The operator of one call, remembered for its length (as callerOf does for the caller).
const operators = new WeakMap<object, Operator>()

function operatorOf(call: object): Operator {
  const operator = operators.get(call)
  if (!operator) throw new CloudError('MERCHANT_ONLY', 'only a merchant operator may do this')
  return operator
}

export default defineCloudObject({
  async _before() {
    if (this.getClientInfo().source === 'http') throw new CloudError('METHOD_NOT_FOUND', 'not available over HTTP')
    const db = getUniCloud().database()
    const config = getConfig(['token', 'merchant'])
    const caller = await authenticateCall(this, { db, token: config.token, env: systemEnv }, kitTokenOf(this))
    operators.set(this, await requireOperator(db, caller, config.merchant))
  },

  _after(error: unknown, result: unknown) {
    return normaliseAnswer(NAME, this.getMethodName(), error, result)
  },

  /** The operator this login is (the console asks before it shows anything; every method checks again). */
  async whoami(): Promise<{ operator: { name: string } }> {
    callerOf(this)
    return { operator: { name: operatorOf(this).name } }
  },
})
