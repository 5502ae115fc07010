import { describe, expect, it } from 'vitest'
import { TradeBillReader, decimalUnits, feeText, parseTradeBill, yuanText } from '../../../cloud/merchant/bill-csv'
import { tradeBillCsv, type BillRow } from '../../../emulators/wechat/wxpay/bill-format'
import { rejection } from '../support'

const HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注'
const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额'

/** An ALL bill as WeChat Pay writes it (the shape of emulators/wechat/README.md and the real bills quoted in docs/wechat-pay-merchant.md). */
const GOLDEN = [
  HEADER,
  '`2025-03-14 09:26:53,`wxd678efh567hg6787,`1900000109,`0,`,`4200000001202503140000000001,`T20250314001,`oUser1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`29.90,`0.00,`0,`0,`0.00,`0.00,`,`,`测试商品,`cart=1,`0.18000,`0.60%,`29.90,`0.00,`',
  '`2025-03-14 15:00:00,`wxd678efh567hg6787,`1900000109,`0,`,`4200000002202503100000000002,`T20250310001,`oUser2,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300000012025031400000001,`R20250310001-1,`5.00,`0.00,`ORIGINAL,`SUCCESS,`旧订单,`,`-0.03000,`0.60%,`0.00,`5.00,`',
  SUMMARY_HEADER,
  '`2,`29.90,`5.00,`0.00,`0.15000,`29.90,`5.00',
  '',
].join('\n')

describe('parseTradeBill: WeChat Pay ALL bills', () => {
  it('reads the golden bill: every backtick stripped, yuan as integer fen, the refund columns of a payment empty', () => {
    const { rows, summary } = parseTradeBill(GOLDEN)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toEqual({
      line: 2,
      tradeTime: Date.parse('2025-03-14T09:26:53+08:00'),
      appid: 'wxd678efh567hg6787',
      mchid: '1900000109',
      subMchid: '0',
      deviceInfo: '',
      transactionId: '4200000001202503140000000001',
      outTradeNo: 'T20250314001',
      openid: 'oUser1',
      tradeType: 'JSAPI',
      tradeState: 'SUCCESS',
      bankType: 'OTHERS',
      currency: 'CNY',
      settlementTotal: 2990,
      coupon: 0,
      refundId: '',
      outRefundNo: '',
      refund: 0,
      rechargeCouponRefund: 0,
      refundType: '',
      refundStatus: '',
      description: '测试商品',
      attach: 'cart=1',
      fee: 18000,
      feeRate: '0.60%',
      total: 2990,
      appliedRefund: 0,
      feeNote: '',
    })
    expect(rows[1]).toMatchObject({
      line: 3,
      tradeState: 'REFUND',
      outTradeNo: 'T20250310001',
      refundId: '50300000012025031400000001',
      outRefundNo: 'R20250310001-1',
      refund: 500,
      appliedRefund: 500,
      refundType: 'ORIGINAL',
      refundStatus: 'SUCCESS',
      fee: -3000,
      total: 0,
      attach: '',
    })
    expect(summary).toEqual({ count: 2, settlementTotal: 2990, refund: 500, rechargeCouponRefund: 0, fee: 15000, total: 2990, appliedRefund: 500 })
  })

  it('reads what the emulator writes (bill-format.ts), columns by name', () => {
    const rows: BillRow[] = [
      { kind: 'payment', paidAt: Date.parse('2025-03-14T23:59:59+08:00'), appid: 'wxapp', mchid: '1900000109', transactionId: '4200000009', outTradeNo: 'T9', openid: 'o9', tradeType: 'NATIVE', total: 100_000_00, description: '大额订单', attach: '', fee: 60_000 },
    ]
    const { rows: parsed, summary } = parseTradeBill(tradeBillCsv(rows, 'ALL'))
    expect(parsed[0]).toMatchObject({ tradeTime: Date.parse('2025-03-14T23:59:59+08:00'), outTradeNo: 'T9', total: 100_000_00, settlementTotal: 100_000_00, fee: 60_000_000 })
    expect(summary).toMatchObject({ count: 1, total: 100_000_00, fee: 60_000_000 })
  })

  it('keeps a bare comma inside 商品名称 (values are not escaped; a row splits only where a backtick follows the comma)', () => {
    const text = GOLDEN.replace('`测试商品,', '`杯子, 大号,蓝色,')
    expect(parseTradeBill(text).rows[0]).toMatchObject({ description: '杯子, 大号,蓝色', attach: 'cart=1', fee: 18000 })
  })

  it('keeps a backtick inside a value (only the leading one is the prefix)', () => {
    const text = GOLDEN.replace('`cart=1,', '``quoted`,')
    expect(parseTradeBill(text).rows[0].attach).toBe('`quoted`')
  })

  it('reads CRLF line ends and a BOM, and ignores blank lines', () => {
    const text = '\uFEFF' + GOLDEN.replace(/\n/g, '\r\n').replace(SUMMARY_HEADER, `\r\n${SUMMARY_HEADER}`)
    const { rows, summary } = parseTradeBill(text)
    expect(rows.map((r) => r.feeNote)).toEqual(['', ''])
    expect(summary.count).toBe(2)
  })

  it('maps columns by name, so another column order or an extra column reads the same', () => {
    const lines = GOLDEN.split('\n')
    const swap = (line: string, sep: string) => {
      const parts = line.split(sep)
      ;[parts[0], parts[6]] = [parts[6], parts[0]]
      return [...parts, sep === ',' ? '新列' : 'x'].join(sep)
    }
    const text = [swap(lines[0], ','), '`' + swap(lines[1].slice(1), ',`'), '`' + swap(lines[2].slice(1), ',`'), ...lines.slice(3)].join('\n')
    const { rows } = parseTradeBill(text)
    expect(rows[0]).toMatchObject({ outTradeNo: 'T20250314001', tradeTime: Date.parse('2025-03-14T09:26:53+08:00') })
  })

  it('reads empty optional amount columns as zero', () => {
    const text = GOLDEN.replace('`CNY,`29.90,`0.00,`0,`0,`0.00,`0.00,', '`CNY,`29.90,`,`0,`0,`0.00,`,')
    expect(parseTradeBill(text).rows[0]).toMatchObject({ coupon: 0, rechargeCouponRefund: 0, total: 2990 })
  })

  it('streams: rows come one at a time and the summary is known once they are read', () => {
    const reader = new TradeBillReader(GOLDEN)
    expect(() => reader.summary).toThrow(/read the rows first/)
    const iterator = reader.rows()
    expect(iterator.next().value).toMatchObject({ outTradeNo: 'T20250314001' })
    expect(() => reader.summary).toThrow()
    expect(iterator.next().value).toMatchObject({ outTradeNo: 'T20250310001' })
    expect(iterator.next().done).toBe(true)
    expect(reader.summary.total).toBe(2990)
  })

  it('reads a bill with no detail rows (only the summary)', () => {
    const { rows, summary } = parseTradeBill([HEADER, SUMMARY_HEADER, '`0,`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00', ''].join('\n'))
    expect(rows).toEqual([])
    expect(summary.count).toBe(0)
  })
})

describe('parseTradeBill refuses what is not WeChat Pay’s format (BILL_MALFORMED, with the line, never the value)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['an empty file', '', /line 1: the bill is empty/],
    ['a header without 商户订单号', GOLDEN.replace('商户订单号,', '商户单号,'), /line 1: the header lacks 商户订单号/],
    ['a value without its backtick', GOLDEN.replace('`2025-03-14 09:26:53', '2025-03-14 09:26:53'), /line 2: a value lacks its leading backtick/],
    ['a value holding ",`" (one value too many)', GOLDEN.replace('`测试商品,', '`测试,`商品,'), /line 2: 28 values for 27 columns/],
    ['an amount in a float form', GOLDEN.replace('`29.90,`0.00,`0,', '`2.99e1,`0.00,`0,'), /line 2: 应结订单金额 is not an amount/],
    ['an amount with three real decimals', GOLDEN.replace('`29.90,`0.00,`0,', '`29.905,`0.00,`0,'), /line 2: 应结订单金额 is not an amount/],
    ['a time that is not a calendar time', GOLDEN.replace('2025-03-14 09:26:53', '2025-02-30 09:26:53'), /line 2: 交易时间 is not yyyy-MM-dd HH:mm:ss/],
    ['no summary', GOLDEN.split(SUMMARY_HEADER)[0], /the summary rows are missing/],
    ['a summary header without its row', GOLDEN.split('\n').slice(0, 4).join('\n') + '\n', /line 4: the summary row is missing/],
    ['text after the summary', GOLDEN + '`extra\n', /line 6: text after the summary row/],
    ['a summary count that is not a number', GOLDEN.replace('`2,`29.90', '`two,`29.90'), /line 5: 总交易单数 is not a number/],
  ]
  it.each(cases)('%s', async (_name, text, message) => {
    const error = await rejection((async () => parseTradeBill(text))())
    expect(error).toMatchObject({ code: 'BILL_MALFORMED' })
    expect(error.message).toMatch(message)
    expect(error.message).not.toMatch(/oUser|T2025|4200/)
  })
})

describe('amounts without floats', () => {
  it.each([
    ['29.90', 2, 2990],
    ['0.01', 2, 1],
    ['-5.00', 2, -500],
    ['-0.00', 2, 0],
    ['7', 2, 700],
    ['0.1', 2, 10],
    ['1234567890.12', 2, 123456789012],
    ['0.32000', 2, 32],
    ['0.32000', 5, 32000],
    ['-0.27000', 5, -27000],
    ['0.00001', 5, 1],
  ])('%s with %i decimals is %i', (text, decimals, units) => {
    expect(decimalUnits(text, decimals)).toBe(units)
  })

  it.each(['', '1.', '.5', '+1.00', '1,000.00', '0.325', ' 1.00', 'NaN', '1e3', '9999999999999999.00'])('%j is not an amount', (text) => {
    expect(decimalUnits(text, 2)).toBeUndefined()
  })

  it('a float sum would drift where integer fen do not (0.1 + 0.2)', () => {
    expect(0.1 + 0.2).not.toBe(0.3)
    expect((decimalUnits('0.10', 2) as number) + (decimalUnits('0.20', 2) as number)).toBe(decimalUnits('0.30', 2))
  })

  it('prints fen and fees back as WeChat Pay writes them', () => {
    expect([yuanText(2990), yuanText(-500), yuanText(1), feeText(18000), feeText(-3000)]).toEqual(['29.90', '-5.00', '0.01', '0.18000', '-0.03000'])
  })
})
