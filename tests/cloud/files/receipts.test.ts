import { describe, expect, it } from 'vitest'
import { formatCny, receiptFor, receiptLines, renderReceipt, type ReceiptOrder } from '../../../cloud/files/receipts'
import { GENERATED_FILES, type FileStore } from '../../../cloud/files/generated-files'
import type { PdfLine } from '../../../cloud/formats/pdf-writer'
import { COLLECTIONS } from '../../../cloud/shared/collections'
import { pdfTextLines } from '../../helpers/pdf-reader'
import { memoryDb, rejection, testEnv } from '../support'

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
  createdAt: Date.UTC(2025, 0, 1, 16, 28, 10),
  paidAt: Date.UTC(2025, 0, 1, 16, 30),
  transactionId: '4200000000000000001',
}
const issuer = { merchantName: '示例小店' }

/** A line as a person reads it: a row's cells joined by ' | ', a rule as '—'. */
function lineText(line: PdfLine): string {
  if ('rule' in line) return '—'
  if ('cells' in line) return line.cells.map((cell) => cell.text).join(' | ')
  return line.text
}

const GOLDEN = [
  '示例小店',
  '支付收据',
  '订单号：K20250101ABC123',
  '微信支付单号：4200000000000000001',
  '下单时间：2025-01-02 00:28:10（北京时间）',
  '支付时间：2025-01-02 00:30:00（北京时间）',
  '—',
  '商品名 | 单价 | 数量 | 金额',
  '陶瓷马克杯 | ¥45.00 | 2 | ¥90.00',
  '挂耳咖啡 | ¥44.90 | 1 | ¥44.90',
  '—',
  '实付金额 | ¥134.90',
  '支付方式：微信支付',
  '本收据仅作支付凭证，不作为发票使用。',
]

describe('receipts', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [6800, '¥68.00'],
    [123456789, '¥1234567.89'],
    [-150, '-¥1.50'],
  ])('formats %i fen as %s', (fen, text) => expect(formatCny(fen)).toBe(text))

  it('refuses a non-integer amount', () => expect(() => formatCny(1.5)).toThrow(TypeError))

  it('states exactly what the order says, in Chinese, with the items’ names (golden)', () => {
    expect(receiptLines(order, issuer).map(lineText)).toEqual(GOLDEN)
  })

  it('the PDF reads back as the same lines (regression: Chinese was written as "?")', () => {
    const bytes = renderReceipt(order, issuer)
    expect(pdfTextLines(bytes)).toEqual(GOLDEN.filter((line) => line !== '—'))
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('?')
  })

  it('regression: items are listed by name, not by product id', () => {
    const text = pdfTextLines(renderReceipt(order, issuer)).join('\n')
    expect(text).not.toContain('p-mug')
    expect(text).not.toContain('p-drip-bags')
  })

  it('an item stored without a name shows its product id; a long name is cut to its column', () => {
    const items = [
      { productId: 'p-old', price: 100, quantity: 1 },
      { productId: 'p-long', name: '超长的商品名称超长的商品名称超长的商品名称超长的商品名称', price: 100, quantity: 1 },
    ]
    const lines = pdfTextLines(renderReceipt({ ...order, items, amount: 200 }, issuer))
    expect(lines).toContain('p-old | ¥1.00 | 1 | ¥1.00')
    expect(lines).toContain('超长的商品名称超长的商品名称… | ¥1.00 | 1 | ¥1.00')
  })

  it('leaves out the transaction line when WeChat Pay gave none, and marks an unknown payment time', () => {
    const lines = receiptLines({ ...order, transactionId: undefined, paidAt: undefined }, issuer).map(lineText)
    expect(lines.some((line) => line.startsWith('微信支付单号'))).toBe(false)
    expect(lines).toContain('支付时间：—')
  })
})

describe('receiptFor', () => {
  function memoryStore(): FileStore & { files: Map<string, Uint8Array> } {
    const files = new Map<string, Uint8Array>()
    return {
      files,
      async upload(cloudPath, content) {
        const id = `https://cdn.test/cloudstorage/${files.size + 1}-${cloudPath.split('/').pop()}`
        files.set(id, content)
        return id
      },
      async tempUrl(fileID) {
        return files.has(fileID) ? `${fileID}?temp` : ''
      },
      async remove(fileID) {
        files.delete(fileID)
      },
    }
  }

  it('regression: a receipt cached in the English layout is not served again; the Chinese one is generated', async () => {
    const db = memoryDb()
    const store = memoryStore()
    await db.collection(COLLECTIONS.orders).add({ ...order })
    // What the previous layout stored under its key.
    const old = await store.upload('receipts/old.pdf', new TextEncoder().encode('%PDF-1.4 Payment receipt'))
    await db.collection(GENERATED_FILES).add({ _id: 'receipt:o1', fileID: old, kind: 'receipt', ownerId: 'u1', bytes: 24, createdAt: 0 })

    const answer = await receiptFor({ db, store, env: testEnv() }, issuer, 'u1', 'o1')
    expect(answer.url).not.toContain(old)
    expect(answer).toMatchObject({ fileName: 'receipt-K20250101ABC123.pdf', fileType: 'pdf' })
    const stored = store.files.get(answer.url.replace('?temp', ''))!
    expect(pdfTextLines(stored)[0]).toBe('示例小店')
  })

  it('a refunded order keeps its receipt, saying what came back; each refunded amount is a file of its own', async () => {
    expect(receiptLines({ ...order, status: 'PARTIALLY_REFUNDED', refunded: 4500 }, issuer).map(lineText)).toEqual([
      ...GOLDEN.slice(0, 12),
      '已退款 | ¥45.00',
      ...GOLDEN.slice(12),
    ])
    expect(receiptLines({ ...order, status: 'REFUNDED', refunded: 13490 }, issuer).map(lineText)).toContain('已全额退款 | ¥134.90')
    const db = memoryDb()
    const store = memoryStore()
    await db.collection(COLLECTIONS.orders).add({ ...order, status: 'PARTIALLY_REFUNDED', refunded: 4500 })
    const deps = { db, store, env: testEnv() }
    const partly = await receiptFor(deps, issuer, 'u1', 'o1')
    expect(pdfTextLines(store.files.get(partly.url.replace('?temp', ''))!)).toContain('已退款 | ¥45.00')
    await db.collection(COLLECTIONS.orders).doc('o1').update({ status: 'REFUNDED', refunded: 13490 })
    const wholly = await receiptFor(deps, issuer, 'u1', 'o1')
    expect(wholly.url).not.toBe(partly.url)
    expect(pdfTextLines(store.files.get(wholly.url.replace('?temp', ''))!)).toContain('已全额退款 | ¥134.90')
  })

  it('ORDER_NOT_FOUND for anybody else’s order; RECEIPT_UNAVAILABLE before payment', async () => {
    const db = memoryDb()
    await db.collection(COLLECTIONS.orders).add({ ...order, _id: 'o2', outTradeNo: 'K2', status: 'NOTPAY' })
    await db.collection(COLLECTIONS.orders).add({ ...order, _id: 'o3', outTradeNo: 'K3' })
    const deps = { db, store: memoryStore(), env: testEnv() }
    expect((await rejection(receiptFor(deps, issuer, 'u1', 'o2'))).code).toBe('RECEIPT_UNAVAILABLE')
    expect((await rejection(receiptFor(deps, issuer, 'someone-else', 'o3'))).code).toBe('ORDER_NOT_FOUND')
  })
})
