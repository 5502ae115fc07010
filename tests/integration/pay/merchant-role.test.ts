/**
 * The merchant role: payAdmin answers an operator named in the config
 * (merchant.operators), and MERCHANT_ONLY to every other caller, for every
 * one of its methods — the server decides, nothing a client sends claims it.
 */
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_OPERATOR } from '../../../emulators/start'
import { callObject, loginMp, startPayStack, type PayStack } from '../../helpers/pay'

let s: PayStack
let operator: string
let buyer: string

beforeAll(async () => {
  s = await startPayStack()
  operator = await loginMp(s, DEV_OPERATOR)
  buyer = await loginMp(s, 'role-buyer')
})
afterAll(() => s?.close())

/** Every public method of the built payAdmin bundle. */
function payAdminMethods(): string[] {
  const bundle = createRequire(import.meta.url)('../../../uni_modules/wxkit-login-pay/uniCloud/cloudfunctions/payAdmin/index.obj.js') as Record<string, unknown>
  return Object.keys(bundle).filter((name) => !name.startsWith('_') && typeof bundle[name] === 'function')
}

describe('payAdmin: the merchant role', () => {
  it('answers the configured operator', async () => {
    const answer = await callObject(s, 'payAdmin', 'whoami', [], { token: operator })
    expect(answer).toMatchObject({ errCode: 0, operator: { name: '演示店长' } })
  })

  it.each(payAdminMethods())('%s: MERCHANT_ONLY for a buyer, TOKEN_MISSING without login', async (method) => {
    expect((await callObject(s, 'payAdmin', method, [{}], { token: buyer })).errCode).toBe('MERCHANT_ONLY')
    expect((await callObject(s, 'payAdmin', method, [{}])).errCode).toBe('TOKEN_MISSING')
  })

  it('cannot be claimed by the client: a forged operator field or a buyer token in uni-id slot changes nothing', async () => {
    const forged = await s.stack.runtime.invoke('payAdmin', 'whoami', [{ operator: true }, { wxkitAuth: { token: buyer }, role: 'merchant' }], {
      clientInfo: { uniPlatform: 'mp-weixin', role: 'merchant' },
      uniIdToken: operator,
    })
    expect(forged).toMatchObject({ errCode: 'MERCHANT_ONLY' })
  })

  it('is not reachable over HTTP (the URL path is for notifies only)', async () => {
    const answer = await s.stack.runtime.invoke('payAdmin', 'whoami', [{}], { source: 'http' })
    expect((answer as { errCode: string }).errCode).toBe('METHOD_NOT_FOUND')
  })
})
