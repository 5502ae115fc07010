/**
 * Regression: validation errors quoted the caller's value back (a 1 MB id came
 * back 1 MB). Every method of every cloud object, through its built bundle in
 * the local runtime, is called with a 1 MB value in each of its fields (as a
 * string, as an array of it, as an object keyed by it) and at the root: the
 * answer stays small and holds no part of the input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callObject, loginMp, startPayStack, type PayStack } from '../../helpers/pay'

let s: PayStack
let token: string

beforeAll(async () => {
  s = await startPayStack()
  token = await loginMp(s, 'vera')
})
afterAll(() => s?.close())

// 1 MB of a marker that no field name, rule or fixed message contains.
const BIG = 'ZQXJ'.repeat(256 * 1024)
// Key and value of the keyed shape together stay within the runtime's 2 MB body limit.
const HALF = BIG.slice(0, BIG.length / 2)
const MARKER = 'ZQX'

type Json = Record<string, unknown>

/** A valid-looking input of each method with an input (the fields its schema knows). */
const METHODS: Array<{ object: string; method: string; sample: Json; auth?: boolean }> = [
  { object: 'weixinLogin', method: 'login', sample: { code: 'c', nonce: 'n' } },
  { object: 'weixinLogin', method: 'getOAuthUrl', sample: { scope: 'snsapi_base', redirect: 'http://127.0.0.1:5173/' } },
  { object: 'weixinLogin', method: 'loginByOAuth', sample: { code: 'c', state: 's', nonce: 'n' } },
  { object: 'weixinLogin', method: 'refreshToken', sample: { refreshToken: 'r' } },
  { object: 'weixinLogin', method: 'updateProfile', sample: { nickname: 'n', avatar: { base64: 'AA==', ext: 'png' } }, auth: true },
  { object: 'weixinLogin', method: 'bindPhone', sample: { code: 'c' }, auth: true },
  { object: 'weixinLogin', method: 'getJsSdkConfig', sample: { url: 'http://127.0.0.1:5173/' } },
  { object: 'pay', method: 'createOrder', sample: { items: [{ productId: 'p-mug', quantity: 1 }], channel: 'miniprogram' }, auth: true },
  { object: 'pay', method: 'getOrder', sample: { orderId: 'o' }, auth: true },
  { object: 'pay', method: 'listOrders', sample: { status: 'PAID', page: 1 }, auth: true },
  { object: 'pay', method: 'closeOrder', sample: { orderId: 'o' }, auth: true },
  { object: 'pay', method: 'requestRefund', sample: { orderId: 'o', reason: 'r' }, auth: true },
  { object: 'shop', method: 'getProduct', sample: { productId: 'p-mug' } },
  { object: 'downloads', method: 'receiptUrl', sample: { orderId: 'o' }, auth: true },
  { object: 'downloads', method: 'productFiles', sample: { productId: 'p-mug' } },
  { object: 'downloads', method: 'manualUrl', sample: { productId: 'p-mug' } },
  { object: 'downloads', method: 'productCodeUrl', sample: { productId: 'p-mug' } },
]

/** Every leaf path of a sample. */
function leafPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...prefix, i]))
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, inner]) => leafPaths(inner, [...prefix, k]))
  return [prefix]
}

function withValue(sample: Json, path: Array<string | number>, value: unknown): Json {
  const copy = structuredClone(sample)
  let at = copy as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>
  at[path[path.length - 1]] = value
  return copy
}

/** The bad inputs of a method: each field replaced by a huge value of three shapes, and huge roots. */
function badInputs(sample: Json): Array<{ what: string; input: unknown }> {
  const inputs: Array<{ what: string; input: unknown }> = [{ what: 'root string', input: BIG }]
  for (const path of leafPaths(sample)) {
    const name = path.join('.')
    inputs.push({ what: `${name} = 1 MB string`, input: withValue(sample, path, BIG) })
    inputs.push({ what: `${name} = [1 MB string]`, input: withValue(sample, path, [BIG]) })
    inputs.push({ what: `${name} = { [1 MB]: 1 MB }`, input: withValue(sample, path, { [HALF]: HALF }) })
  }
  return inputs
}

describe('validation errors never quote the caller’s value', () => {
  for (const { object, method, sample, auth } of METHODS) {
    it(`${object}.${method}`, async () => {
      for (const { what, input } of badInputs(sample)) {
        const answer = await callObject(s, object, method, [input], { token: auth ? token : undefined })
        const text = JSON.stringify(answer)
        expect(answer.errCode, `${object}.${method} with ${what}`).not.toBe(0)
        expect(text.includes(MARKER), `${object}.${method} with ${what} quoted the input: ${text.slice(0, 200)}`).toBe(false)
        expect(text.length, `${object}.${method} with ${what}`).toBeLessThan(1024)
      }
      // An array passes valibot's object check (its keys are not the schema's), so it may even succeed: it must not leak.
      const text = JSON.stringify(await callObject(s, object, method, [[BIG]], { token: auth ? token : undefined }))
      expect(text.includes(MARKER), `${object}.${method} with a root array`).toBe(false)
    })
  }

  it('a nested bad field is named by its path and rule', async () => {
    const answer = await callObject(s, 'pay', 'createOrder', [{ items: [{ productId: 'p-mug', quantity: 1 }, { productId: BIG, quantity: 1 }] }], { token })
    expect(answer).toEqual({
      errCode: 'PARAM_INVALID',
      errMsg: 'invalid parameter: items.1.productId',
      detail: { fields: [{ field: 'items.1.productId', reason: 'too long: at most 64' }] },
    })
  })
})
