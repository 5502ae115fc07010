import { describe, expect, it } from 'vitest'
import {
  TRADE_BILL_HEADERS,
  feeOf,
  feeYuan,
  tradeBillCsv,
  yuan,
  type BillPaymentRow,
  type BillRefundRow,
} from '../../../emulators/wechat/wxpay/bill-format'
import { parseBill } from './helpers'

const at = (text: string) => Date.parse(text)

const payment: BillPaymentRow = {
  kind: 'payment',
  paidAt: at('2025-03-14T09:26:53+08:00'),
  appid: 'wx0000000000000001',
  mchid: '1900000109',
  transactionId: '4200000001202503140000000001',
  outTradeNo: 'T20250314001',
  openid: 'oUser1',
  tradeType: 'JSAPI',
  total: 2990,
  description: '测试商品',
  attach: 'cart=1',
  fee: feeOf(2990),
}

const refund: BillRefundRow = {
  kind: 'refund',
  paidAt: at('2025-03-10T08:00:00+08:00'),
  requestedAt: at('2025-03-14T15:00:00+08:00'),
  successAt: at('2025-03-14T15:00:05+08:00'),
  appid: 'wx0000000000000001',
  mchid: '1900000109',
  transactionId: '4200000001202503100000000002',
  outTradeNo: 'T20250310001',
  openid: 'oUser2',
  tradeType: 'JSAPI',
  refundId: '50300000000000000000000000001',
  outRefundNo: 'R20250310001-1',
  refund: 500,
  status: 'SUCCESS',
  description: '旧订单',
  attach: '',
  fee: -feeOf(500),
}

describe('trade bill text (golden)', () => {
  it('ALL: the 27 documented columns, a backtick before every field, refund rows dated by the refund', () => {
    expect(tradeBillCsv([payment, refund], 'ALL')).toBe(
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\n' +
        '`2025-03-14 09:26:53,`wx0000000000000001,`1900000109,`0,`,`4200000001202503140000000001,`T20250314001,`oUser1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`29.90,`0.00,`0,`0,`0.00,`0.00,`,`,`测试商品,`cart=1,`0.18000,`0.60%,`29.90,`0.00,`\n' +
        '`2025-03-14 15:00:00,`wx0000000000000001,`1900000109,`0,`,`4200000001202503100000000002,`T20250310001,`oUser2,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300000000000000000000000001,`R20250310001-1,`5.00,`0.00,`ORIGINAL,`SUCCESS,`旧订单,`,`-0.03000,`0.60%,`0.00,`5.00,`\n' +
        '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n' +
        '`2,`29.90,`5.00,`0.00,`0.15000,`29.90,`5.00\n',
    )
  })

  it('SUCCESS: the 20 columns of payments only', () => {
    expect(tradeBillCsv([payment, refund], 'SUCCESS')).toBe(
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注\n' +
        '`2025-03-14 09:26:53,`wx0000000000000001,`1900000109,`0,`,`4200000001202503140000000001,`T20250314001,`oUser1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`29.90,`0.00,`测试商品,`cart=1,`0.18000,`0.60%,`29.90,`\n' +
        '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n' +
        '`1,`29.90,`0.00,`0.00,`0.18000,`29.90,`0.00\n',
    )
  })

  it('REFUND: the 29 columns, 交易时间 the payment, then 退款申请时间 and 退款成功时间', () => {
    expect(tradeBillCsv([payment, refund], 'REFUND')).toBe(
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\n' +
        '`2025-03-10 08:00:00,`wx0000000000000001,`1900000109,`0,`,`4200000001202503100000000002,`T20250310001,`oUser2,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`2025-03-14 15:00:00,`2025-03-14 15:00:05,`50300000000000000000000000001,`R20250310001-1,`5.00,`0.00,`ORIGINAL,`SUCCESS,`旧订单,`,`-0.03000,`0.60%,`0.00,`5.00,`\n' +
        '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n' +
        '`1,`0.00,`5.00,`0.00,`-0.03000,`0.00,`5.00\n',
    )
  })

  it('parses as a merchant parses it: header names, backticks stripped, summary equal to the sum of the rows', () => {
    const bill = parseBill(tradeBillCsv([payment, refund], 'ALL'))
    expect(bill.header).toEqual(TRADE_BILL_HEADERS.ALL)
    expect(bill.rows.map((r) => [r['商户订单号'], r['交易状态'], r['应结订单金额'], r['退款金额']])).toEqual([
      ['T20250314001', 'SUCCESS', '29.90', '0.00'],
      ['T20250310001', 'REFUND', '0.00', '5.00'],
    ])
    const sum = (column: string) => bill.rows.reduce((fen, r) => fen + Math.round(Number(r[column]) * 100), 0)
    expect(Number(bill.summary['总交易单数'])).toBe(bill.rows.length)
    expect(Math.round(Number(bill.summary['应结订单总金额']) * 100)).toBe(sum('应结订单金额'))
    expect(Math.round(Number(bill.summary['退款总金额']) * 100)).toBe(sum('退款金额'))
    expect(Math.round(Number(bill.summary['手续费总金额']) * 100)).toBe(sum('手续费'))
  })

  it('a summary twist makes the totals disagree with the rows', () => {
    const bill = parseBill(tradeBillCsv([payment], 'ALL', { totalDeltaFen: 100 }))
    expect(bill.summary['应结订单总金额']).toBe('30.90')
    expect(bill.rows[0]['应结订单金额']).toBe('29.90')
  })

  it.each([
    [0, '0.00', '0.00000'],
    [1, '0.01', '0.01000'],
    [99, '0.99', '0.99000'],
    [100, '1.00', '1.00000'],
    [123456, '1234.56', '1234.56000'],
    [-27, '-0.27', '-0.27000'],
  ])('formats %i fen as %s yuan (fee %s)', (fen, money, fee) => {
    expect(yuan(fen)).toBe(money)
    expect(feeYuan(fen)).toBe(fee)
  })

  it.each([
    [1, 0],
    [83, 0],
    [84, 1],
    [2990, 18],
    [6000, 36],
  ])('charges 0.6 %% of %i fen as %i fen, rounded half up', (fen, fee) => {
    expect(feeOf(fen)).toBe(fee)
  })
})
