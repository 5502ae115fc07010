/** parseInput: PARAM_INVALID names the field and the rule, never the caller's value, and stays small. */
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { CloudError } from '../../../cloud/shared/errors'
import { MAX_REPORTED_FIELDS, parseInput } from '../../../cloud/shared/validation'

// 1 MB of a marker no rule or field name contains.
const BIG = 'ZQXJ'.repeat(256 * 1024)

function failure(schema: v.GenericSchema, input: unknown): { text: string; error: CloudError } {
  try {
    parseInput(schema, input)
  } catch (error) {
    expect(error).toBeInstanceOf(CloudError)
    const e = error as CloudError
    expect(e.code).toBe('PARAM_INVALID')
    return { text: e.message + JSON.stringify(e.detail), error: e }
  }
  throw new Error('the input was accepted')
}

const Order = v.object({
  orderId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  items: v.array(
    v.object({
      productId: v.pipe(v.string(), v.regex(/^[a-z-]{1,64}$/)),
      quantity: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(99)),
    }),
  ),
  channel: v.optional(v.picklist(['miniprogram', 'h5'])),
  tags: v.optional(v.record(v.string(), v.string())),
  url: v.optional(v.pipe(v.string(), v.check((s) => s.startsWith('https://'), 'must be an https URL'))),
})

describe('parseInput', () => {
  it('a 1 MB id is not quoted back: the answer names the field and the rule', () => {
    const { text, error } = failure(Order, { orderId: BIG, items: [] })
    expect(text).not.toContain('ZQX')
    expect(text.length).toBeLessThan(300)
    expect(error.message).toBe('invalid parameter: orderId')
    expect(error.detail).toEqual({ fields: [{ field: 'orderId', reason: 'too long: at most 64' }] })
  })

  it('a bad nested field (array item, wrong type, picklist) is named by its path, with no part of the value', () => {
    const { text, error } = failure(Order, {
      orderId: 'o-1',
      items: [{ productId: 'p-mug', quantity: 1 }, { productId: BIG, quantity: 1.5 }, { productId: 'p', quantity: BIG }],
      channel: BIG,
    })
    expect(text).not.toContain('ZQX')
    expect(text.length).toBeLessThan(600)
    expect(error.detail).toEqual({
      fields: [
        { field: 'items.1.productId', reason: 'wrong format' },
        { field: 'items.1.quantity', reason: 'not an integer' },
        { field: 'items.2.quantity', reason: 'invalid type: expected number' },
        { field: 'channel', reason: 'not allowed: expected ("miniprogram" | "h5")' },
      ],
    })
  })

  it('keys the caller chose are masked; missing keys say missing; the schema’s own messages stay', () => {
    const { text, error } = failure(Order, { items: [{}], tags: { [BIG]: 42 }, url: `http://${BIG}` })
    expect(text).not.toContain('ZQX')
    expect(error.detail).toEqual({
      fields: [
        { field: 'orderId', reason: 'missing' },
        { field: 'items.0.productId', reason: 'missing' },
        { field: 'items.0.quantity', reason: 'missing' },
        { field: 'tags.*', reason: 'invalid type: expected string' },
        { field: 'url', reason: 'must be an https URL' },
      ],
    })
  })

  it('a wrong root (a 1 MB string, null, a number) answers one small issue; an array of them leaks nothing', () => {
    for (const input of [BIG, null, 42]) {
      const { text, error } = failure(Order, input)
      expect(text).not.toContain('ZQX')
      expect(error.detail).toEqual({ fields: [{ field: '(root)', reason: 'invalid type: expected Object' }] })
    }
    const { text } = failure(Order, [BIG, BIG])
    expect(text).not.toContain('ZQX')
    expect(text.length).toBeLessThan(300)
  })

  it('many bad items list at most MAX_REPORTED_FIELDS fields', () => {
    const items = Array.from({ length: 10_000 }, () => ({ productId: BIG.slice(0, 100), quantity: 0 }))
    const { text, error } = failure(Order, { orderId: 'o', items })
    expect(text).not.toContain('ZQX')
    expect((error.detail as { fields: unknown[] }).fields).toHaveLength(MAX_REPORTED_FIELDS)
    expect(text.length).toBeLessThan(1200)
  })
})
