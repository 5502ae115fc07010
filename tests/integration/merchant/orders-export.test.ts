/**
 * payAdmin.exportOrders: every order of the list's filters and search as a
 * CSV in cloud storage, fetched from its temporary URL as the console does and
 * read back with a CSV parser (csv-parse): the UTF-8 byte order mark, the
 * header, RFC 4180 quoting, Chinese intact, amounts in yuan, Beijing times,
 * more orders than one internal batch.
 */
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_OPERATOR } from '../../../emulators/start'
import type { OrderRecord } from '../../../cloud/pay/orders'
import { callObject, loginMp, startPayStack, type Answer, type PayStack } from '../../helpers/pay'
import { seedShop, type SeededOrders } from '../../helpers/seed-orders'

const COUNT = 1200
const HOUR = 3600_000
const BEIJING = 8 * HOUR
// Buyers choose their nicknames: a comma, quotes, a line break, a formula.
const AWKWARD = ['逗号,和"引号"', '换行\r\n第二行', '=HYPERLINK("http://x")', '普通买家']

let s: PayStack
let operator: string
let shop: SeededOrders

beforeAll(async () => {
  s = await startPayStack()
  operator = await loginMp(s, DEV_OPERATOR)
  shop = await seedShop(s.db, { count: COUNT, newest: Date.now() - 60_000, spacingMs: 20 * 60_000, users: AWKWARD.length, nickname: (u) => AWKWARD[u] })
}, 60_000)
afterAll(() => s?.close())

async function exportOf(filters: Record<string, unknown>): Promise<{ answer: Answer; bytes: Buffer; records: string[][] }> {
  const answer = await callObject(s, 'payAdmin', 'exportOrders', [filters], { token: operator })
  if (answer.errCode !== 0) throw new Error(`exportOrders: ${String(answer.errCode)} ${answer.errMsg ?? ''}`)
  const response = await fetch(answer.url)
  expect(response.status).toBe(200)
  const bytes = Buffer.from(await response.arrayBuffer())
  const records = parse(bytes.subarray(3).toString('utf8'), { relax_column_count: false }) as string[][]
  return { answer, bytes, records }
}

const beijingTime = (ms: number) => new Date(ms + BEIJING).toISOString().slice(0, 19).replace('T', ' ')
const yuan = (fen: number) => (fen / 100).toFixed(2)

describe('payAdmin.exportOrders', () => {
  it('writes every order, newest first, as a UTF-8 CSV with a BOM, a Chinese header and quoted awkward fields', async () => {
    const { answer, bytes, records } = await exportOf({})
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8').includes('\r\n')).toBe(true)
    expect(answer).toMatchObject({ fileType: 'csv', rows: COUNT, bytes: bytes.length })
    expect(answer.fileName).toMatch(/^orders-\d{8}-\d{6}\.csv$/)

    const [header, ...rows] = records
    expect(header).toEqual(['订单号', '商户订单号', '微信支付单号', '下单时间', '支付时间', '状态', '支付方式', '商品', '订单金额（元）', '已退款（元）', '买家ID', '买家昵称', '发货状态', '快递公司', '运单号'])
    expect(rows).toHaveLength(COUNT)
    const expected = [...shop.orders].sort((a, b) => b.createdAt - a.createdAt)
    expect(rows.map((r) => r[0])).toEqual(expected.map((o) => o._id))

    const byId = new Map(rows.map((r) => [r[0], r]))
    const check = (order: OrderRecord) => {
      const row = byId.get(order._id)!
      expect(row[1]).toBe(order.outTradeNo)
      // A 28-digit transaction_id keeps its digits: a leading tab makes spreadsheets read it as text.
      expect(row[2]).toBe(order.transactionId ? `\t${order.transactionId}` : '')
      expect(row[3]).toBe(beijingTime(order.createdAt))
      expect(row[4]).toBe(order.paidAt !== undefined ? beijingTime(order.paidAt) : '')
      expect(row[5]).toBe({ NOTPAY: '待支付', PAID: '已支付', PARTIALLY_REFUNDED: '部分退款', REFUNDED: '已退款', CLOSED: '已关闭' }[order.status])
      expect(row[7]).toBe(`${order.items[0].name} × 1`)
      expect(row[8]).toBe(yuan(order.amount))
      expect(row[9]).toBe(yuan(order.refunded))
      expect(row[10]).toBe(order.userId)
      const nickname = shop.users.find((u) => u._id === order.userId)!.nickname
      // A formula is defused with an apostrophe; everything else reads back exactly.
      expect(row[11]).toBe(nickname.startsWith('=') ? `'${nickname}` : nickname)
    }
    for (const i of [0, 1, 2, 3, 4, 5, 501, 999, COUNT - 1]) check(shop.orders[i])
    expect(new Set(rows.map((r) => r[11]))).toEqual(new Set(['逗号,和"引号"', '换行\r\n第二行', `'=HYPERLINK("http://x")`, '普通买家']))
  })

  it('writes only the orders of the filters and the search', async () => {
    const { records } = await exportOf({ status: 'REFUNDED', channel: 'h5' })
    expect(records.slice(1).map((r) => r[0]).sort()).toEqual(shop.orders.filter((o) => o.status === 'REFUNDED' && o.channel === 'h5').map((o) => o._id).sort())

    const buyer = shop.users[3]
    const byNickname = await exportOf({ q: '普通' })
    expect(byNickname.records.slice(1).map((r) => r[0]).sort()).toEqual(shop.orders.filter((o) => o.userId === buyer._id).map((o) => o._id).sort())

    const nothing = await exportOf({ q: 'NOSUCHORDER0' })
    expect(nothing.answer.rows).toBe(0)
    expect(nothing.records).toHaveLength(1)
  })

  it('sweeps the files of exports older than a day', async () => {
    const files = s.db.collection('wxkit-files')
    const first = await exportOf({ status: 'CLOSED' })
    const { data } = await files.where({ kind: 'export' }).get()
    const old = data.find((d) => d.fileID && d.bytes === first.answer.bytes)!
    await files.doc(old._id as string).update({ createdAt: Date.now() - 2 * 86_400_000 })
    await exportOf({ status: 'NOTPAY' })
    expect((await files.doc(old._id as string).get()).data).toEqual([])
    expect((await fetch(first.answer.url)).status).toBe(404)
  })
})
