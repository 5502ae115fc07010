/** Server-side pricing from the catalogue, in integer fen. */
import { describe, expect, it } from 'vitest'
import { DESCRIPTION_MAX_LENGTH, describeItems, priceCart, truncateText } from '../../../cloud/pay/pricing'
import { memoryDb, rejection } from '../support'

describe('priceCart', () => {
  it('prices each line from the catalogue and sums integer fen', async () => {
    const priced = await priceCart(memoryDb(), [
      { productId: 'p-drip-bags', quantity: 3 },
      { productId: 'p-sticker', quantity: 1 },
    ])
    expect(priced.amount).toBe(3 * 3990 + 1)
    expect(priced.items).toEqual([
      { productId: 'p-drip-bags', name: '挂耳咖啡 10 袋装', price: 3990, quantity: 3, delivery: 'express' },
      { productId: 'p-sticker', name: '贴纸一张', price: 1, quantity: 1, delivery: 'virtual' },
    ])
    expect(priced.description).toBe('挂耳咖啡 10 袋装 ×3、贴纸一张')
  })

  it('never adds in yuan: 10 + 20 fen is 30 fen exactly', async () => {
    const db = memoryDb()
    await db.collection('wxkit-products').add({ _id: 'p-ten', name: 'a', description: '', price: 10, color: '', onSale: true, sort: 5 })
    await db.collection('wxkit-products').add({ _id: 'p-twenty', name: 'b', description: '', price: 20, color: '', onSale: true, sort: 6 })
    expect((await priceCart(db, [{ productId: 'p-ten', quantity: 1 }, { productId: 'p-twenty', quantity: 1 }])).amount).toBe(30)
  })

  it('copies each product’s delivery kind onto its line: express when the catalogue has none or an unknown one', async () => {
    const db = memoryDb()
    await db.collection('wxkit-products').add({ _id: 'p-plain', name: 'a', description: '', price: 10, color: '', onSale: true, sort: 5 })
    await db.collection('wxkit-products').add({ _id: 'p-odd', name: 'b', description: '', price: 20, color: '', onSale: true, sort: 6, delivery: 'drone' })
    await db.collection('wxkit-products').add({ _id: 'p-shop', name: 'c', description: '', price: 30, color: '', onSale: true, sort: 7, delivery: 'pickup' })
    const priced = await priceCart(db, ['p-plain', 'p-odd', 'p-shop'].map((productId) => ({ productId, quantity: 1 })))
    expect(priced.items.map((item) => item.delivery)).toEqual(['express', 'express', 'pickup'])
  })

  it.each([
    ['a product not on sale', [{ productId: 'p-retired', quantity: 1 }], 'PRODUCT_NOT_FOUND'],
    ['an unknown product', [{ productId: 'p-none', quantity: 1 }], 'PRODUCT_NOT_FOUND'],
    ['no lines', [], 'PARAM_INVALID'],
    ['21 lines', Array.from({ length: 21 }, (_, i) => ({ productId: `p-${i}`, quantity: 1 })), 'PARAM_INVALID'],
    ['quantity 0', [{ productId: 'p-mug', quantity: 0 }], 'PARAM_INVALID'],
    ['quantity 100', [{ productId: 'p-mug', quantity: 100 }], 'PARAM_INVALID'],
    ['quantity 1.5', [{ productId: 'p-mug', quantity: 1.5 }], 'PARAM_INVALID'],
    ['the same product twice', [{ productId: 'p-mug', quantity: 1 }, { productId: 'p-mug', quantity: 2 }], 'PARAM_INVALID'],
  ])('refuses %s', async (_name, lines, code) => {
    expect((await rejection(priceCart(memoryDb(), lines))).code).toBe(code)
  })

  it('refuses to round a catalogue price that is not integer fen', async () => {
    const db = memoryDb()
    await db.collection('wxkit-products').add({ _id: 'p-float', name: 'f', description: '', price: 12.5, color: '', onSale: true, sort: 7 })
    expect((await rejection(priceCart(db, [{ productId: 'p-float', quantity: 1 }]))).code).toBe('INTERNAL_ERROR')
  })
})

describe('the description', () => {
  it('stays within WeChat Pay’s 127 characters and marks the cut', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ productId: `p${i}`, name: `商品名称很长的第${i}件`, price: 1, quantity: 2 }))
    const text = describeItems(items)
    expect(text.length).toBeLessThanOrEqual(DESCRIPTION_MAX_LENGTH)
    expect(text.endsWith('…')).toBe(true)
  })

  it('never splits a surrogate pair', () => {
    const cut = truncateText('☕'.repeat(10) + '😀'.repeat(100), 127)
    expect(cut.length).toBeLessThanOrEqual(127)
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
    expect(truncateText('short', 127)).toBe('short')
  })
})
