/**
 * The downloads object end to end, through its built bundle in the local
 * uniCloud runtime: receipts for paid orders (own orders only), manuals and
 * product QR codes, each served from cloud storage by the runtime.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inflateSync } from 'node:zlib'
import { callObject, flushNotifies, loginMp, pay, payWithRequestPayment, startPayStack, type PayStack } from '../../helpers/pay'
import { GENERATED_FILES } from '../../../cloud/files/generated-files'
import { pdfTextLines } from '../../helpers/pdf-reader'

let s: PayStack
let alice: string
let bob: string

beforeAll(async () => {
  s = await startPayStack()
  alice = await loginMp(s, 'alice')
  bob = await loginMp(s, 'bob')
})
afterAll(() => s?.close())

async function downloads(method: string, input: unknown, token?: string) {
  return callObject(s, 'downloads', method, [input], { token })
}

async function fetchBytes(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(url)
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) }
}

async function paidOrder(token: string, user: string, productId = 'p-mug', quantity = 2): Promise<{ orderId: string; outTradeNo: string; amount: number }> {
  const created = await pay(s, token, 'createOrder', { items: [{ productId, quantity }] })
  await payWithRequestPayment(s, created.payment, user)
  await flushNotifies(s)
  const { order } = await pay(s, token, 'getOrder', { orderId: created.orderId })
  expect(order.status).toBe('PAID')
  return { orderId: created.orderId, outTradeNo: order.outTradeNo, amount: order.amount }
}

describe('downloads.receiptUrl', () => {
  it('answers a temp URL of a PDF stating the order number, amount and date; the same file the second time', async () => {
    const order = await paidOrder(alice, 'alice')
    const answer = await downloads('receiptUrl', { orderId: order.orderId }, alice)
    expect(answer).toMatchObject({ errCode: 0, fileType: 'pdf', fileName: `receipt-${order.outTradeNo}.pdf` })
    expect(answer.url).toMatch(new RegExp(`^${s.runtimeUrl}/cloudstorage/`))
    // The storage name is random: the order number does not reveal the URL.
    expect(answer.url).not.toContain(order.outTradeNo)

    const file = await fetchBytes(answer.url)
    expect(file.status).toBe(200)
    expect(file.type).toBe('application/pdf')
    expect(answer.bytes).toBe(file.bytes.length)
    expect(file.bytes.toString('latin1').startsWith('%PDF-1.4')).toBe(true)
    const lines = pdfTextLines(file.bytes)
    // The merchant name comes from the config (the WeChat emulator's dev config names one).
    expect(lines[0]).toBe('模拟商户')
    expect(lines).toContain(`订单号：${order.outTradeNo}`)
    expect(lines).toContain('陶瓷马克杯 | ¥45.00 | 2 | ¥90.00')
    expect(lines).toContain('实付金额 | ¥90.00')
    expect(lines.find((line) => line.startsWith('支付时间：'))).toMatch(/^支付时间：\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）$/)
    expect(lines.find((line) => line.startsWith('微信支付单号：'))).toMatch(/^微信支付单号：\d{28}$/)

    const again = await downloads('receiptUrl', { orderId: order.orderId }, alice)
    expect(again.url).toBe(answer.url)
    const records = await s.db.collection(GENERATED_FILES).where({ kind: 'receipt' }).get()
    expect(records.data.filter((r) => r._id === `receipt:${order.orderId}:v2`)).toHaveLength(1)
  })

  it('parallel first requests store one file', async () => {
    const order = await paidOrder(alice, 'alice', 'p-sticker', 1)
    const answers = await Promise.all(Array.from({ length: 4 }, () => downloads('receiptUrl', { orderId: order.orderId }, alice)))
    expect(answers.every((a) => a.errCode === 0)).toBe(true)
    expect(new Set(answers.map((a) => a.url)).size).toBe(1)
  })

  it('is regenerated when its file has gone from storage', async () => {
    const order = await paidOrder(alice, 'alice', 'p-drip-bags', 1)
    const first = await downloads('receiptUrl', { orderId: order.orderId }, alice)
    // As if an operator deleted the file in the console: the record points at nothing.
    const lost = 'https://local-space.cdn.unicloud.local/cloudstorage/deleted-by-hand.pdf'
    await s.db.collection(GENERATED_FILES).doc(`receipt:${order.orderId}:v2`).update({ fileID: lost })
    const second = await downloads('receiptUrl', { orderId: order.orderId }, alice)
    expect(second.errCode).toBe(0)
    expect(second.url).not.toBe(first.url)
    expect((await fetchBytes(second.url)).status).toBe(200)
    const record = (await s.db.collection(GENERATED_FILES).doc(`receipt:${order.orderId}:v2`).get()).data[0] as unknown as { fileID: string }
    expect(record.fileID).not.toBe(lost)
  })

  it('refuses without login, for anybody else’s order, and for an unpaid order', async () => {
    const order = await paidOrder(alice, 'alice', 'p-sticker', 1)
    expect((await downloads('receiptUrl', { orderId: order.orderId })).errCode).toBe('TOKEN_MISSING')
    expect((await downloads('receiptUrl', { orderId: order.orderId }, bob)).errCode).toBe('ORDER_NOT_FOUND')
    const unpaid = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
    expect((await downloads('receiptUrl', { orderId: unpaid.orderId }, alice)).errCode).toBe('RECEIPT_UNAVAILABLE')
    expect((await downloads('receiptUrl', { orderId: '' }, alice)).errCode).toBe('PARAM_INVALID')
  })
})

describe('product files', () => {
  it('lists what a product offers; unknown products are refused', async () => {
    expect(await downloads('productFiles', { productId: 'p-mug' })).toMatchObject({ errCode: 0, manual: true, code: true })
    expect(await downloads('productFiles', { productId: 'p-sticker' })).toMatchObject({ errCode: 0, manual: false, code: true })
    expect((await downloads('productFiles', { productId: 'p-nope' })).errCode).toBe('PRODUCT_NOT_FOUND')
    expect((await downloads('productFiles', { productId: '../x' })).errCode).toBe('PARAM_INVALID')
  })

  it('serves a manual PDF without login; FILE_NOT_FOUND for a product without one', async () => {
    const answer = await downloads('manualUrl', { productId: 'p-coffee-beans' })
    expect(answer).toMatchObject({ errCode: 0, fileType: 'pdf', fileName: 'manual-p-coffee-beans.pdf' })
    const file = await fetchBytes(answer.url)
    expect(file.type).toBe('application/pdf')
    expect(pdfTextLines(file.bytes)[0]).toBe('云南小粒咖啡豆 250g · 冲煮指南')
    expect((await downloads('manualUrl', { productId: 'p-sticker' })).errCode).toBe('FILE_NOT_FOUND')
  })

  it('serves the product QR code as a PNG', async () => {
    const answer = await downloads('productCodeUrl', { productId: 'p-mug' })
    expect(answer).toMatchObject({ errCode: 0, fileType: 'png', fileName: 'product-p-mug.png' })
    const file = await fetchBytes(answer.url)
    expect(file.type).toBe('image/png')
    expect(file.bytes.subarray(1, 4).toString()).toBe('PNG')
    // IHDR: a square image.
    expect(file.bytes.readUInt32BE(16)).toBe(file.bytes.readUInt32BE(20))
    expect(inflateSync(new Uint8Array(file.bytes.subarray(41, 41 + file.bytes.readUInt32BE(33)))).length).toBeGreaterThan(0)
  })
})
