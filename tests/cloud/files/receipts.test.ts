import { describe, expect, it } from 'vitest'
import { formatChinaTime, formatCny, receiptLines, renderReceipt, type ReceiptOrder } from '../../../cloud/files/receipts'

const order: ReceiptOrder = {
  _id: 'o1',
  userId: 'u1',
  outTradeNo: 'K20250101ABC123',
  status: 'PAID',
  amount: 13490,
  items: [
    { productId: 'p-mug', name: '陶瓷马克杯', price: 4500, quantity: 2 },
    { productId: 'p-drip-bags', name: '挂耳咖啡', price: 4490, quantity: 1 },
  ],
  paidAt: Date.UTC(2025, 0, 1, 16, 30),
  transactionId: '4200000000000000001',
}

describe('receipts', () => {
  it.each([
    [0, 'CNY 0.00'],
    [1, 'CNY 0.01'],
    [6800, 'CNY 68.00'],
    [123456789, 'CNY 1234567.89'],
    [-150, '-CNY 1.50'],
  ])('formats %i fen as %s', (fen, text) => expect(formatCny(fen)).toBe(text))

  it('refuses a non-integer amount', () => expect(() => formatCny(1.5)).toThrow(TypeError))

  it('writes times in China time whatever the server zone', () => {
    expect(formatChinaTime(Date.UTC(2025, 0, 1, 16, 30))).toBe('2025-01-02 00:30 UTC+8')
  })

  it('states exactly what the order says (golden)', () => {
    expect(receiptLines(order).map((l) => l.text)).toEqual([
      'uni-wx-kit',
      'Payment receipt',
      'Order number: K20250101ABC123',
      'Paid at: 2025-01-02 00:30 UTC+8',
      'WeChat Pay transaction: 4200000000000000001',
      'Items',
      'p-mug  x 2  @ CNY 45.00  = CNY 90.00',
      'p-drip-bags  x 1  @ CNY 44.90  = CNY 44.90',
      'Total paid: CNY 134.90',
      'Paid with WeChat Pay.',
      'This is a payment receipt, not a fapiao (tax invoice).',
    ])
  })

  it('renders the lines into the PDF', () => {
    const pdf = Buffer.from(renderReceipt(order)).toString('latin1')
    expect(pdf).toContain('(Total paid: CNY 134.90) Tj')
    expect(pdf).toContain('/Title (Receipt K20250101ABC123)')
  })
})
