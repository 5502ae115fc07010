/** Profile end to end: bindPhone (through the cached stable access_token), updateProfile with an avatar upload. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loginAs, type LoggedInUser } from '../../helpers/login'
import type { Database } from '../../../cloud/shared/database'
import { expectNoSecretLeaked, fault, startLoginStack, wechatCalls, type LoginStack } from './support'

let stack: LoginStack

beforeAll(async () => {
  stack = await startLoginStack()
})
afterEach(async () => {
  await stack.control('DELETE', '/faults')
})
afterAll(() => stack.close())

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('testing avatar one')])
const PNG2 = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('testing avatar two')])

async function phoneCode(user: LoggedInUser, phoneNumber = '13812345678'): Promise<string> {
  const { code } = await stack.control<{ code: string }>('POST', '/phone/code', { user: user.userKey, phoneNumber })
  return code
}

describe('bindPhone({ code })', () => {
  it('survives a stable_token call that times out (retried with back-off)', async () => {
    const user = await loginAs(stack.target, 'tim')
    await fault(stack, 'POST /cgi-bin/stable_token', 1, { hangMs: 3500 })
    const code = await phoneCode(user)
    const started = Date.now()
    const answer = await stack.call('bindPhone', [{ code }], user.token)
    expect(answer.errCode).toBe(0)
    // the client gave up after its 3 s timeout and retried
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000)
    // the hung call is logged once the emulator finishes it
    await new Promise((resolve) => setTimeout(resolve, 600))
    const calls = await wechatCalls(stack, '/cgi-bin/stable_token')
    expect(calls.map((c) => c.fault ?? 'ok').sort()).toEqual(['hang 3500ms', 'ok'])
  }, 15_000)

  it('binds the number WeChat confirms and answers it masked', async () => {
    const user = await loginAs(stack.target, 'paula')
    const answer = await stack.call('bindPhone', [{ code: await phoneCode(user) }], user.token)
    expect(answer).toEqual({ errCode: 0, user: { userId: user.userId, nickname: '', avatarUrl: '', hasPhone: true, phoneMasked: '138****5678' } })
    expect((await stack.call('me', [], user.token)).user.phoneMasked).toBe('138****5678')
    expect(JSON.stringify(answer)).not.toContain('13812345678')
  })

  it('40001 on getuserphonenumber: one forced access_token refresh, one retry', async () => {
    const user = await loginAs(stack.target, 'quentin')
    const code = await phoneCode(user, '+85291234567')
    await fault(stack, 'POST /wxa/business/getuserphonenumber', 1, { errcode: 40001 })
    const tokensBefore = (await wechatCalls(stack, '/cgi-bin/stable_token')).length
    const phoneBefore = (await wechatCalls(stack, '/wxa/business/getuserphonenumber')).length
    const answer = await stack.call('bindPhone', [{ code }], user.token)
    expect(answer.errCode).toBe(0)
    expect(answer.user.hasPhone).toBe(true)
    expect((await wechatCalls(stack, '/cgi-bin/stable_token')).length - tokensBefore).toBe(1)
    expect((await wechatCalls(stack, '/wxa/business/getuserphonenumber')).length - phoneBefore).toBe(2)
  })

  it('an unknown phone code is refused (getuserphonenumber answers 40029)', async () => {
    const user = await loginAs(stack.target, 'rosa')
    expect((await stack.call('bindPhone', [{ code: 'nope' }], user.token)).errCode).toBe('WX_CODE_INVALID')
  })

  it('a phone code is exchanged once: the same user\'s repeat gets the same answer without a second getuserphonenumber (which would answer 40029)', async () => {
    const user = await loginAs(stack.target, 'rhea')
    const code = await phoneCode(user)
    const before = (await wechatCalls(stack, '/wxa/business/getuserphonenumber')).length
    const first = await stack.call('bindPhone', [{ code }], user.token)
    expect(first.errCode).toBe(0)
    const repeat = await stack.call('bindPhone', [{ code }], user.token)
    expect(repeat).toEqual(first)
    const calls = (await wechatCalls(stack, '/wxa/business/getuserphonenumber')).slice(before)
    expect(calls.map((c) => c.errcode ?? 0)).toEqual([0])
  })

  it('a phone code another user already exchanged is PHONE_CODE_USED, and their number stays theirs', async () => {
    const owner = await loginAs(stack.target, 'rita')
    const other = await loginAs(stack.target, 'ruth')
    const code = await phoneCode(owner, '13700001111')
    expect((await stack.call('bindPhone', [{ code }], owner.token)).errCode).toBe(0)
    const refused = await stack.call('bindPhone', [{ code }], other.token)
    expect(refused.errCode).toBe('PHONE_CODE_USED')
    expect(JSON.stringify(refused)).not.toContain('1111')
    expect((await stack.call('me', [], other.token)).user.hasPhone).toBe(false)
  })

  it("another user's unspent phone code is refused by WeChat itself (the caller's openid goes along) and stays usable by its owner", async () => {
    const owner = await loginAs(stack.target, 'rowan')
    const thief = await loginAs(stack.target, 'rufus')
    const code = await phoneCode(owner, '13500002222')
    expect((await stack.call('bindPhone', [{ code }], thief.token)).errCode).toBe('WX_CODE_INVALID')
    expect((await stack.call('me', [], thief.token)).user.hasPhone).toBe(false)
    expect((await stack.call('bindPhone', [{ code }], owner.token)).user.phoneMasked).toBe('135****2222')
  })

  it('takes a getRealtimePhoneNumber code (kind realtime) at the same endpoint and records how the number was verified', async () => {
    const user = await loginAs(stack.target, 'rupert')
    await stack.control('PUT', `/users/${user.userKey}`, { phoneNumber: '13655556666' })
    const { code, errMsg } = await stack.control<{ code: string; errMsg: string }>('POST', '/phone/button', { user: user.userKey, button: 'getRealtimePhoneNumber' })
    expect(errMsg).toBe('getRealtimePhoneNumber:ok')
    const answer = await stack.call('bindPhone', [{ code, kind: 'realtime' }], user.token)
    expect(answer.user).toMatchObject({ hasPhone: true, phoneMasked: '136****6666' })
    const db = stack.runtime.database() as unknown as Database
    const { data } = await db.collection<{ phoneVerifiedBy?: string; phoneVerifiedAt?: number }>('wxkit-users').doc(user.userId).get()
    expect(data[0].phoneVerifiedBy).toBe('realtime')
    expect(Math.abs((data[0].phoneVerifiedAt ?? 0) - Date.now())).toBeLessThan(10_000)
    expect((await stack.call('bindPhone', [{ code: 'x', kind: 'other' }], user.token)).errCode).toBe('PARAM_INVALID')
  })
})

describe('updateProfile({ nickname?, avatar? })', () => {
  it('changes the nickname', async () => {
    const user = await loginAs(stack.target, 'sven')
    const answer = await stack.call('updateProfile', [{ nickname: '  小明  ' }], user.token)
    expect(answer.user.nickname).toBe('小明')
    expect((await stack.call('me', [], user.token)).user.nickname).toBe('小明')
  })

  it('stores an avatar in cloud storage and replaces (deletes) the previous one', async () => {
    const user = await loginAs(stack.target, 'tara')
    const first = await stack.call('updateProfile', [{ avatar: { base64: PNG.toString('base64'), ext: 'png' } }], user.token)
    expect(first.errCode).toBe(0)
    const firstUrl: string = first.user.avatarUrl
    const served = await fetch(firstUrl)
    expect(served.status).toBe(200)
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true)

    const second = await stack.call('updateProfile', [{ nickname: 'Tara', avatar: { base64: PNG2.toString('base64'), ext: 'png' } }], user.token)
    expect(second.user).toMatchObject({ nickname: 'Tara' })
    expect(second.user.avatarUrl).not.toBe(firstUrl)
    expect((await fetch(second.user.avatarUrl)).status).toBe(200)
    expect((await fetch(firstUrl)).status).toBe(404)
  })

  it('refuses what is not a small PNG / JPEG / WebP, empty changes and bad nicknames', async () => {
    const user = await loginAs(stack.target, 'ugo')
    for (const input of [
      { avatar: { base64: PNG.toString('base64'), ext: 'jpg' } },
      { avatar: { base64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'), ext: 'png' } },
      { avatar: { base64: PNG.toString('base64'), ext: 'gif' } },
      { avatar: { base64: Buffer.concat([PNG, Buffer.alloc(600 * 1024)]).toString('base64'), ext: 'png' } },
      {},
      { nickname: '' },
      { nickname: '   ' },
      { nickname: 'x'.repeat(33) },
      { nickname: 'bell\u0007' },
    ]) {
      expect((await stack.call('updateProfile', [input], user.token)).errCode, JSON.stringify(input).slice(0, 60)).toBe('PARAM_INVALID')
    }
  })
})

it('no answer or log line carried a session_key, appsecret, access_token or key', async () => {
  await expectNoSecretLeaked(stack, { sessionKeys: true, credentials: true })
})
