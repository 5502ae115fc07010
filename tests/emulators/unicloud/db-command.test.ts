import { describe, expect, it } from 'vitest'
import { createCommand, toNedbQuery } from '../../../emulators/unicloud/db-command'

const now = () => 0
const cmd = createCommand()

// Regression: every multi-field where() became nedb `$and`, which nedb cannot
// answer from an index, so logins and notifies slowed down as data grew.
describe('multi-field where() stays index-friendly', () => {
  it('merges distinct plain fields into one top-level object', () => {
    expect(toNedbQuery({ _id: 'o1', userId: 'u1', status: 'NOTPAY' }, now)).toEqual({ _id: 'o1', userId: 'u1', status: 'NOTPAY' })
    expect(toNedbQuery({ appid: 'wx1', openid: 'op1' }, now)).toEqual({ appid: 'wx1', openid: 'op1' })
  })

  it('keeps operator commands on their field', () => {
    expect(toNedbQuery({ status: 'NOTPAY', timeExpire: cmd.lt(10) }, now)).toEqual({ status: 'NOTPAY', timeExpire: { $lt: 10 } })
  })

  it('keeps a repeated field under $and so both conditions still apply', () => {
    const q = toNedbQuery({ n: cmd.gt(1).and(cmd.lt(5)), kind: 'a' }, now)
    expect(q).toEqual({ kind: 'a', $and: [{ n: { $gt: 1 }, $and: [{ n: { $lt: 5 } }] }] })
  })

  it('leaves $or alone', () => {
    expect(toNedbQuery(cmd.or({ a: 1 }, { b: 2 }), now)).toEqual({ $or: [{ a: 1 }, { b: 2 }] })
  })
})
