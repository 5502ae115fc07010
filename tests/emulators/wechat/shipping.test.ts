import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { control, jsapiBody, login, startEmulator, wxpay, type Harness } from './helpers'
import { paidTrade, stableToken, wxPost } from './weixin-helpers'

let h: Harness
let token: string

beforeAll(async () => {
  h = await startEmulator({ timeFactor: 0.001 })
})
afterAll(() => h.close())
beforeEach(async () => {
  await control(h, 'POST', '/reset')
  token = await stableToken(h)
})

const post = (path: string, body: unknown, accessToken = token) => wxPost(h, `/wxa/sec/order/${path}`, accessToken, body)

let uploadClock = Date.parse('2026-12-01T10:00:00+08:00')
/** An RFC 3339 upload_time later than every one before it. */
function nextUploadTime(): string {
  uploadClock += 60_000
  return new Date(uploadClock + 8 * 3600_000).toISOString().replace('Z', '+08:00')
}

function virtualUpload(trade: { transactionId: string; openid: string }, overrides: Record<string, unknown> = {}) {
  return {
    order_key: { order_number_type: 2, transaction_id: trade.transactionId },
    logistics_type: 3,
    delivery_mode: 1,
    shipping_list: [{ item_desc: '会员月卡*1' }],
    upload_time: nextUploadTime(),
    payer: { openid: trade.openid },
    ...overrides,
  }
}

function expressUpload(trade: { outTradeNo: string; openid: string }, pkg: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  return {
    order_key: { order_number_type: 1, mchid: h.creds.mchid, out_trade_no: trade.outTradeNo },
    logistics_type: 1,
    delivery_mode: 'UNIFIED_DELIVERY',
    shipping_list: [{ tracking_no: 'YT6728388910274', express_company: 'YTO', item_desc: '挂耳咖啡*2', ...pkg }],
    upload_time: nextUploadTime(),
    payer: { openid: trade.openid },
    ...overrides,
  }
}

async function getOrder(transactionId: string) {
  const answer = await post('get_order', { transaction_id: transactionId })
  expect(answer.json.errcode).toBe(0)
  return answer.json.order
}

describe('is_trade_managed and is_trade_management_confirmation_completed', () => {
  it('answers the switches the control sets, for the caller appid only', async () => {
    const appid = h.creds.apps.mp.appid
    expect((await post('is_trade_managed', { appid })).json).toEqual({ errcode: 0, errmsg: 'ok', is_trade_managed: true })
    expect((await post('is_trade_management_confirmation_completed', { appid })).json).toMatchObject({ errcode: 0, completed: true })
    const set = await control(h, 'PUT', '/shipping/management', { isTradeManaged: false, confirmationCompleted: false })
    expect(set.json).toEqual({ isTradeManaged: false, confirmationCompleted: false })
    expect((await post('is_trade_managed', { appid })).json.is_trade_managed).toBe(false)
    expect((await post('is_trade_management_confirmation_completed', { appid })).json.completed).toBe(false)

    expect((await post('is_trade_managed', {})).json.errcode).toBe(40097)
    expect((await post('is_trade_managed', { appid: h.creds.apps.officialAccount.appid })).json.errcode).toBe(40013)
    expect((await post('is_trade_managed', { appid, extra: 1 })).json.errcode).toBe(47001)
    const oaToken = await stableToken(h, h.creds.apps.officialAccount)
    expect((await post('is_trade_managed', { appid }, oaToken)).json.errcode).toBe(48001)
    expect((await post('is_trade_managed', { appid }, 'nope')).json.errcode).toBe(40001)
  })
})

describe('POST /wxa/sec/order/upload_shipping_info', () => {
  it('ships virtual goods by transaction_id: get_order shows 已发货 with the package', async () => {
    const trade = await paidTrade(h)
    const before = await getOrder(trade.transactionId)
    expect(before).toMatchObject({
      transaction_id: trade.transactionId,
      merchant_id: h.creds.mchid,
      merchant_trade_no: trade.outTradeNo,
      paid_amount: 1,
      openid: trade.openid,
      order_state: 1,
      in_complaint: false,
      shipping: { finish_shipping: false, finish_shipping_count: 0, shipping_list: [] },
    })
    expect(before.pay_time).toBeGreaterThanOrEqual(before.trade_create_time)

    const upload = virtualUpload(trade)
    expect((await post('upload_shipping_info', upload)).json).toEqual({ errcode: 0, errmsg: 'ok' })
    const after = await getOrder(trade.transactionId)
    expect(after).toMatchObject({
      order_state: 2,
      description: '会员月卡*1',
      shipping: {
        delivery_mode: 1,
        logistics_type: 3,
        finish_shipping: true,
        finish_shipping_count: 1,
        shipping_list: [{ goods_desc: '会员月卡*1', upload_time: Math.floor(Date.parse(upload.upload_time) / 1000) }],
      },
    })
    // The same trade by merchant_id + merchant_trade_no.
    const byNo = await post('get_order', { merchant_id: h.creds.mchid, merchant_trade_no: trade.outTradeNo })
    expect(byNo.json.order.transaction_id).toBe(trade.transactionId)
  })

  it('allows one re-shipment: the second change is 10060003, an identical upload 10060023', async () => {
    const trade = await paidTrade(h)
    expect((await post('upload_shipping_info', expressUpload(trade))).json.errcode).toBe(0)
    const again = expressUpload(trade, { tracking_no: 'YT0000000000001' })
    expect((await post('upload_shipping_info', { ...again, upload_time: nextUploadTime() })).json.errcode).toBe(0)
    expect((await getOrder(trade.transactionId)).shipping).toMatchObject({ finish_shipping_count: 2, shipping_list: [{ tracking_no: 'YT0000000000001' }] })
    expect((await post('upload_shipping_info', { ...again, upload_time: nextUploadTime() })).json.errcode).toBe(10060023)
    const third = await post('upload_shipping_info', expressUpload(trade, { tracking_no: 'YT0000000000002' }))
    expect(third.json.errcode).toBe(10060003)
    expect(third.json.errmsg).toMatch(/^支付单已使用重新发货机会, rid: /)
  })

  it('counts a change of logistics type as the re-shipment, and wants a later upload_time', async () => {
    const trade = await paidTrade(h)
    const first = virtualUpload(trade)
    expect((await post('upload_shipping_info', first)).json.errcode).toBe(0)
    const older = expressUpload(trade, {}, { upload_time: first.upload_time })
    expect((await post('upload_shipping_info', older)).json.errcode).toBe(10060014)
    expect((await post('upload_shipping_info', expressUpload(trade))).json.errcode).toBe(0)
    expect((await post('upload_shipping_info', virtualUpload(trade))).json.errcode).toBe(10060003)
  })

  it('ships in parts (split delivery): 待发货 until is_all_delivered, then 已发货 once', async () => {
    const trade = await paidTrade(h)
    const split = (n: number, all: boolean) =>
      expressUpload(trade, {}, {
        delivery_mode: 2,
        is_all_delivered: all,
        shipping_list: Array.from({ length: n }, (_, i) => ({ tracking_no: `ZT${i}`, express_company: 'ZTO', item_desc: `包裹${i + 1}` })),
      })
    expect((await post('upload_shipping_info', split(1, false))).json.errcode).toBe(0)
    expect(await getOrder(trade.transactionId)).toMatchObject({ order_state: 1, shipping: { finish_shipping: false, finish_shipping_count: 0 } })
    expect((await post('upload_shipping_info', split(2, true))).json.errcode).toBe(0)
    expect(await getOrder(trade.transactionId)).toMatchObject({
      order_state: 2,
      description: '包裹1;包裹2',
      shipping: { delivery_mode: 2, finish_shipping: true, finish_shipping_count: 1 },
    })
  })

  it('requires a masked contact for SF (顺丰): the last four digits readable', async () => {
    const trade = await paidTrade(h)
    const sf = (contact?: Record<string, string>) =>
      post('upload_shipping_info', expressUpload(trade, { express_company: 'SF', tracking_no: 'SF1234567890', ...(contact ? { contact } : {}) }))
    expect((await sf()).json.errcode).toBe(10060014)
    expect((await sf({ receiver_contact: '13800138000' })).json.errcode).toBe(10060014)
    expect((await sf({ receiver_contact: '138****80**' })).json.errcode).toBe(10060014)
    expect((await sf({ consignor_contact: '0**2-******23-10' })).json.errcode).toBe(0)
    expect((await getOrder(trade.transactionId)).shipping.shipping_list[0].contact).toEqual({ consignor_contact: '0**2-******23-10' })
  })

  it.each([
    ['order_number_type 3', { order_key: { order_number_type: 3 } }, 268485194],
    ['no transaction_id', { order_key: { order_number_type: 2 } }, 268485195],
    ['no mchid', { order_key: { order_number_type: 1, out_trade_no: 'x' } }, 268485196],
    ['no out_trade_no', { order_key: { order_number_type: 1, mchid: '1900000000' } }, 268485197],
    ['logistics_type 5', { logistics_type: 5 }, 10060005],
    ['delivery_mode 3', { delivery_mode: 3 }, 268485224],
    ['split virtual goods', { delivery_mode: 2, is_all_delivered: true }, 10060006],
    ['unified with two packages', { shipping_list: [{ item_desc: 'a' }, { item_desc: 'b' }] }, 268485228],
    ['no packages', { shipping_list: [] }, 10060014],
    ['16 packages', { logistics_type: 1, delivery_mode: 2, is_all_delivered: true, shipping_list: Array.from({ length: 16 }, () => ({ tracking_no: 't', express_company: 'ZTO', item_desc: 'a' })) }, 10060024],
    ['no item_desc', { shipping_list: [{ item_desc: '' }] }, 10060008],
    ['121-character item_desc', { shipping_list: [{ item_desc: '货'.repeat(121) }] }, 10060009],
    ['express without tracking_no', { logistics_type: 1, shipping_list: [{ express_company: 'ZTO', item_desc: 'a' }] }, 268485226],
    ['express without express_company', { logistics_type: 1, shipping_list: [{ tracking_no: 't', item_desc: 'a' }] }, 268485227],
    ['a 129-byte tracking_no', { logistics_type: 1, shipping_list: [{ tracking_no: 'T'.repeat(129), express_company: 'ZTO', item_desc: 'a' }] }, 10060026],
    ['a 129-byte express_company', { logistics_type: 1, shipping_list: [{ tracking_no: 't', express_company: 'Z'.repeat(129), item_desc: 'a' }] }, 10060025],
    ['upload_time as a timestamp', { upload_time: '1693564249' }, 268485216],
    ['no payer', { payer: undefined }, 10060014],
    ['shipping_list as an object', { shipping_list: { item_desc: 'a' } }, 47001],
    ['logistics_type as a string', { logistics_type: '3' }, 47001],
    ['an unknown field', { shipping_list: [{ item_desc: 'a', goods_id: 1 }] }, 47001],
  ])('answers %s with %i, leaving the trade unshipped', async (_name, override, errcode) => {
    const trade = await paidTrade(h)
    const body = virtualUpload(trade, override as Record<string, unknown>)
    const answer = await post('upload_shipping_info', body)
    expect(answer.json.errcode).toBe(errcode)
    expect((await getOrder(trade.transactionId)).order_state).toBe(1)
  })

  it('knows only paid mini-program trades of the right payer under trade management', async () => {
    const trade = await paidTrade(h)
    expect((await post('upload_shipping_info', virtualUpload({ ...trade, transactionId: '4200000000000000000000000000' }))).json.errcode).toBe(10060001)
    const bob = await login(h, 'bob')
    expect((await post('upload_shipping_info', virtualUpload({ ...trade, openid: bob.openid }))).json.errcode).toBe(10060031)

    const unpaid = jsapiBody(h, trade.openid, 'https://shop.example/pay/notify')
    expect((await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', unpaid)).status).toBe(200)
    const byNo = expressUpload({ outTradeNo: unpaid.out_trade_no, openid: trade.openid })
    expect((await post('upload_shipping_info', byNo)).json.errcode).toBe(10060001)

    await control(h, 'PUT', '/shipping/management', { isTradeManaged: false })
    expect((await post('upload_shipping_info', virtualUpload(trade))).json.errcode).toBe(10060001)
    expect((await post('get_order', { transaction_id: trade.transactionId })).json.errcode).toBe(10060001)
  })

  it('refuses a trade the buyer confirmed (10060002) and a refunded one (10060004)', async () => {
    const trade = await paidTrade(h)
    expect((await control(h, 'POST', '/shipping/confirm-receive', { transactionId: trade.transactionId })).status).toBe(409)
    expect((await post('upload_shipping_info', virtualUpload(trade))).json.errcode).toBe(0)
    const confirmed = await control(h, 'POST', '/shipping/confirm-receive', { outTradeNo: trade.outTradeNo })
    expect(confirmed.json.order.order_state).toBe(3)
    expect((await post('upload_shipping_info', virtualUpload(trade, { shipping_list: [{ item_desc: '换一个' }] }))).json.errcode).toBe(10060002)
    const settled = await control(h, 'POST', '/shipping/confirm-receive', { transactionId: trade.transactionId, settle: true })
    expect(settled.json.order.order_state).toBe(4)

    const refunded = await paidTrade(h)
    const refund = await wxpay(h, 'POST', '/v3/refund/domestic/refunds', {
      out_trade_no: refunded.outTradeNo,
      out_refund_no: `R${refunded.outTradeNo}`.slice(0, 32),
      amount: { refund: 1, total: 1, currency: 'CNY' },
    })
    expect(refund.status).toBe(200)
    await control(h, 'POST', '/wxpay/notifies/flush')
    expect((await getOrder(refunded.transactionId)).order_state).toBe(5)
    expect((await post('upload_shipping_info', virtualUpload(refunded))).json.errcode).toBe(10060004)
  })

  it('answers an armed fault before touching the trade', async () => {
    const trade = await paidTrade(h)
    await control(h, 'POST', '/faults', { endpoint: 'POST /wxa/sec/order/upload_shipping_info', errcode: 10060001 })
    const upload = virtualUpload(trade)
    expect((await post('upload_shipping_info', upload)).json.errcode).toBe(10060001)
    expect((await post('upload_shipping_info', upload)).json.errcode).toBe(0)
  })
})

describe('POST /wxa/sec/order/notify_confirm_receive', () => {
  it('reminds once for express shipments after they were shipped', async () => {
    const trade = await paidTrade(h)
    const remind = (receivedTime: number) => post('notify_confirm_receive', { transaction_id: trade.transactionId, received_time: receivedTime })
    const now = Math.floor(Date.now() / 1000)
    expect((await remind(now)).json.errcode).toBe(10060028)
    const upload = expressUpload(trade)
    expect((await post('upload_shipping_info', upload)).json.errcode).toBe(0)
    expect((await remind(Math.floor(Date.parse(upload.upload_time) / 1000) - 60)).json.errcode).toBe(10060029)
    expect((await remind(Math.floor(Date.parse(upload.upload_time) / 1000) + 3600)).json).toEqual({ errcode: 0, errmsg: 'ok' })
    expect((await remind(Math.floor(Date.parse(upload.upload_time) / 1000) + 7200)).json.errcode).toBe(10060030)
    // Re-shipping does not restore the reminder.
    expect((await post('upload_shipping_info', expressUpload(trade, { tracking_no: 'YT0000000000009' }))).json.errcode).toBe(0)
    expect((await remind(Math.floor(Date.now() / 1000) + 86400 * 365)).json.errcode).toBe(10060030)
    expect((await post('notify_confirm_receive', { transaction_id: trade.transactionId })).json.errcode).toBe(10060014)
  })

  it('refuses virtual goods (10060032) and unknown trades (10060001)', async () => {
    const trade = await paidTrade(h)
    expect((await post('upload_shipping_info', virtualUpload(trade))).json.errcode).toBe(0)
    const now = Math.floor(Date.now() / 1000) + 86400
    expect((await post('notify_confirm_receive', { transaction_id: trade.transactionId, received_time: now })).json.errcode).toBe(10060032)
    expect((await post('notify_confirm_receive', { merchant_id: h.creds.mchid, merchant_trade_no: 'nope', received_time: now })).json.errcode).toBe(10060001)
  })
})

describe('POST /wxa/sec/order/get_order_list', () => {
  it('filters by state and payer and pages with last_index', async () => {
    const a1 = await paidTrade(h, 'alice')
    await paidTrade(h, 'alice')
    const b1 = await paidTrade(h, 'bob')
    expect((await post('upload_shipping_info', virtualUpload(a1))).json.errcode).toBe(0)

    const all = await post('get_order_list', {})
    expect(all.json).toMatchObject({ errcode: 0, has_more: false })
    expect(all.json.order_list).toHaveLength(3)
    const shipped = await post('get_order_list', { order_state: 2 })
    expect(shipped.json.order_list.map((o: { transaction_id: string }) => o.transaction_id)).toEqual([a1.transactionId])
    const bobs = await post('get_order_list', { openid: b1.openid })
    expect(bobs.json.order_list.map((o: { transaction_id: string }) => o.transaction_id)).toEqual([b1.transactionId])

    const page1 = await post('get_order_list', { page_size: 2 })
    expect(page1.json.order_list).toHaveLength(2)
    expect(page1.json.has_more).toBe(true)
    const page2 = await post('get_order_list', { page_size: 2, last_index: page1.json.last_index })
    expect(page2.json.order_list).toHaveLength(1)
    expect(page2.json.has_more).toBe(false)
    const seen = [...page1.json.order_list, ...page2.json.order_list].map((o: { transaction_id: string }) => o.transaction_id)
    expect(new Set(seen).size).toBe(3)

    expect((await post('get_order_list', { last_index: 'garbage' })).json.errcode).toBe(10060011)
    expect((await post('get_order_list', { pay_time_range: { begin_time: 0, end_time: 1 } })).json.order_list).toEqual([])
  })
})

describe('set_msg_jump_path, get_delivery_list and the inspection control', () => {
  it('stores the jump path and lists carriers', async () => {
    expect((await post('set_msg_jump_path', { path: 'pages/orders/index?from=shipping' })).json).toEqual({ errcode: 0, errmsg: 'ok' })
    expect((await post('set_msg_jump_path', {})).json.errcode).toBe(47001)
    const list = await wxPost(h, '/cgi-bin/express/delivery/open_msg/get_delivery_list', token, {})
    expect(list.json.errcode).toBe(0)
    expect(list.json.count).toBe(list.json.delivery_list.length)
    expect(list.json.delivery_list).toContainEqual({ delivery_id: 'SF', delivery_name: '顺丰速运' })

    const trade = await paidTrade(h)
    const state = (await control(h, 'GET', '/shipping')).json
    expect(state).toMatchObject({ isTradeManaged: true, confirmationCompleted: true, msgJumpPath: 'pages/orders/index?from=shipping' })
    expect(state.orders).toEqual([expect.objectContaining({ transaction_id: trade.transactionId, order_state: 1, reminded: false })])
  })
})
