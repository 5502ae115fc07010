import { parseBeijingDateTime } from '../shared/beijing-time'
import { CloudError } from '../shared/errors'

/**
 * WeChat Pay's trade bill (交易账单) as it writes it (docs/wechat-pay-merchant.md,
 * "The bill text"): a header row of Chinese column names, one detail row per
 * payment or refund with every value prefixed by a backtick (so Excel keeps
 * long numbers as text), then the summary header and the summary row (its
 * values backticked too). Values are not escaped: a comma inside 商品名称 stays
 * a bare comma, so a row is split on the comma that precedes a backtick, not
 * on every comma. Amounts are yuan with two decimals (手续费 with five) and are
 * read into integers from their digits, never through a float.
 *
 * The parser is pure and streams: `TradeBillReader.rows()` parses one line
 * at a time, so a caller can work through a large bill in batches.
 */

/** One detail row of an ALL bill. Amounts in integer fen; `fee` in 0.00001 yuan (the five decimals WeChat Pay prints). */
export interface TradeBillRow {
  /** 1-based line of the file (for errors and notes). */
  line: number
  /** 交易时间 (Beijing time), ms since the epoch: a payment's success time, a refund row's request time. */
  tradeTime: number
  /** 公众账号ID */
  appid: string
  /** 商户号 */
  mchid: string
  /** 特约商户号 ('0' for a direct merchant) */
  subMchid: string
  /** 设备号 */
  deviceInfo: string
  /** 微信订单号 */
  transactionId: string
  /** 商户订单号 */
  outTradeNo: string
  /** 用户标识 */
  openid: string
  /** 交易类型: JSAPI, NATIVE, MWEB, … */
  tradeType: string
  /** 交易状态: SUCCESS for a payment row, REFUND for a refund row (REVOKED for a revoked payment-code trade). */
  tradeState: string
  /** 付款银行 */
  bankType: string
  /** 货币种类 */
  currency: string
  /** 应结订单金额 */
  settlementTotal: number
  /** 代金券金额 */
  coupon: number
  /** 微信退款单号 ('' on payment rows, where WeChat Pay writes 0) */
  refundId: string
  /** 商户退款单号 ('' on payment rows) */
  outRefundNo: string
  /** 退款金额 */
  refund: number
  /** 充值券退款金额 */
  rechargeCouponRefund: number
  /** 退款类型: ORIGINAL, BALANCE, … */
  refundType: string
  /** 退款状态: SUCCESS, PROCESSING, ABNORMAL, … ('' on payment rows) */
  refundStatus: string
  /** 商品名称 */
  description: string
  /** 商户数据包 */
  attach: string
  /** 手续费, in 0.00001 yuan (negative on refunds: the fee given back). */
  fee: number
  /** 费率, e.g. `0.60%` */
  feeRate: string
  /** 订单金额 */
  total: number
  /** 申请退款金额 */
  appliedRefund: number
  /** 费率备注 */
  feeNote: string
}

/** The summary row. Amounts in integer fen; `fee` in 0.00001 yuan. */
export interface TradeBillSummary {
  /** 总交易单数 */
  count: number
  /** 应结订单总金额 */
  settlementTotal: number
  /** 退款总金额 */
  refund: number
  /** 充值券退款总金额 */
  rechargeCouponRefund: number
  /** 手续费总金额 */
  fee: number
  /** 订单总金额 */
  total: number
  /** 申请退款总金额 */
  appliedRefund: number
}

type ValueKind = 'text' | 'fen' | 'fee' | 'time' | 'refundNo'
type RowField = Exclude<keyof TradeBillRow, 'line'>

/** Detail columns by name: the field each fills, how it is read, whether a bill without it is refused. */
const DETAIL_COLUMNS: Record<string, readonly [RowField, ValueKind, boolean]> = {
  交易时间: ['tradeTime', 'time', true],
  公众账号ID: ['appid', 'text', true],
  商户号: ['mchid', 'text', true],
  特约商户号: ['subMchid', 'text', false],
  设备号: ['deviceInfo', 'text', false],
  微信订单号: ['transactionId', 'text', true],
  商户订单号: ['outTradeNo', 'text', true],
  用户标识: ['openid', 'text', false],
  交易类型: ['tradeType', 'text', false],
  交易状态: ['tradeState', 'text', true],
  付款银行: ['bankType', 'text', false],
  货币种类: ['currency', 'text', false],
  应结订单金额: ['settlementTotal', 'fen', true],
  代金券金额: ['coupon', 'fen', false],
  微信退款单号: ['refundId', 'refundNo', true],
  商户退款单号: ['outRefundNo', 'refundNo', true],
  退款金额: ['refund', 'fen', true],
  充值券退款金额: ['rechargeCouponRefund', 'fen', false],
  退款类型: ['refundType', 'text', false],
  退款状态: ['refundStatus', 'text', true],
  商品名称: ['description', 'text', false],
  商户数据包: ['attach', 'text', false],
  手续费: ['fee', 'fee', true],
  费率: ['feeRate', 'text', false],
  订单金额: ['total', 'fen', true],
  申请退款金额: ['appliedRefund', 'fen', true],
  费率备注: ['feeNote', 'text', false],
}

const SUMMARY_COLUMNS: Record<string, readonly [keyof TradeBillSummary, 'count' | 'fen' | 'fee']> = {
  总交易单数: ['count', 'count'],
  应结订单总金额: ['settlementTotal', 'fen'],
  退款总金额: ['refund', 'fen'],
  充值券退款总金额: ['rechargeCouponRefund', 'fen'],
  手续费总金额: ['fee', 'fee'],
  订单总金额: ['total', 'fen'],
  申请退款总金额: ['appliedRefund', 'fen'],
}

/** The first column of the summary header: where the detail rows end. */
const SUMMARY_FIRST_COLUMN = '总交易单数'

function malformed(line: number, what: string): CloudError {
  // The line and the column name, never the value: a bill holds openids and order numbers.
  return new CloudError('BILL_MALFORMED', `trade bill line ${line}: ${what}`, { line })
}

/**
 * A decimal text as an integer count of 10^-decimals units (yuan → fen with
 * 2), from its digits alone. More decimals than that are accepted only as
 * trailing zeros. Undefined when it is not a plain decimal number.
 */
export function decimalUnits(text: string, decimals: number): number | undefined {
  const match = /^(-?)(\d{1,15})(?:\.(\d+))?$/.exec(text)
  if (!match) return undefined
  const fraction = match[3] ?? ''
  if (fraction.length > decimals && !/^0+$/.test(fraction.slice(decimals))) return undefined
  const units = Number(match[2]) * 10 ** decimals + Number(fraction.slice(0, decimals).padEnd(decimals, '0'))
  if (!Number.isSafeInteger(units)) return undefined
  return match[1] === '-' && units !== 0 ? -units : units
}

/** The values of a backticked row: each value starts with a backtick; a value may hold bare commas. */
function backtickedValues(text: string, line: number): string[] {
  if (!text.startsWith('`')) throw malformed(line, 'a value lacks its leading backtick')
  return text.slice(1).split(',`')
}

function headerNames(text: string): string[] {
  return text.split(',').map((name) => name.trim())
}

/** Lines of a text without splitting it all at once: `\n` or `\r\n`, a BOM dropped, line numbers from 1. */
function* linesOf(text: string): Generator<{ text: string; line: number }> {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end
    line++
    yield { text: text.slice(start, stop), line }
    start = end + 1
  }
}

/** Reads one trade bill (type ALL): its rows one at a time, then its summary. */
export class TradeBillReader {
  readonly #text: string
  #summary: TradeBillSummary | undefined

  constructor(text: string) {
    this.#text = text
  }

  /** The summary row; known once `rows()` has been read to the end. */
  get summary(): TradeBillSummary {
    if (!this.#summary) throw new Error('read the rows first: the summary is at the end of the bill')
    return this.#summary
  }

  /** The detail rows in file order, each parsed when it is reached; BILL_MALFORMED on the first row that is not WeChat Pay's format. */
  *rows(): Generator<TradeBillRow> {
    const lines = linesOf(this.#text)
    const first = lines.next()
    if (first.done) throw malformed(1, 'the bill is empty')
    const columns = headerNames(first.value.text)
    const fields = columns.map((name) => DETAIL_COLUMNS[name])
    for (const [name, [, , required]] of Object.entries(DETAIL_COLUMNS)) {
      if (required && !columns.includes(name)) throw malformed(1, `the header lacks ${name}`)
    }
    let last = first.value.line
    for (const { text, line } of lines) {
      last = line
      if (text === '') continue
      if (text.startsWith(SUMMARY_FIRST_COLUMN)) {
        this.#summary = this.#readSummary(text, line, lines)
        return
      }
      yield parseRow(backtickedValues(text, line), fields, line)
    }
    throw malformed(last, 'the summary rows are missing')
  }

  #readSummary(headerText: string, headerLine: number, lines: Generator<{ text: string; line: number }>): TradeBillSummary {
    const names = headerNames(headerText)
    for (const name of Object.keys(SUMMARY_COLUMNS)) if (!names.includes(name)) throw malformed(headerLine, `the summary header lacks ${name}`)
    let next = lines.next()
    while (!next.done && next.value.text === '') next = lines.next()
    if (next.done) throw malformed(headerLine, 'the summary row is missing')
    const { text, line } = next.value
    const values = backtickedValues(text, line)
    if (values.length !== names.length) throw malformed(line, `the summary row has ${values.length} values for ${names.length} columns`)
    const summary: TradeBillSummary = { count: 0, settlementTotal: 0, refund: 0, rechargeCouponRefund: 0, fee: 0, total: 0, appliedRefund: 0 }
    names.forEach((name, i) => {
      const column = SUMMARY_COLUMNS[name]
      if (!column) return
      const [field, kind] = column
      const value = kind === 'count' ? (/^\d{1,9}$/.test(values[i]) ? Number(values[i]) : undefined) : decimalUnits(values[i], kind === 'fee' ? 5 : 2)
      if (value === undefined) throw malformed(line, `${name} is not a number`)
      summary[field] = value
    })
    for (let rest = lines.next(); !rest.done; rest = lines.next()) {
      if (rest.value.text !== '') throw malformed(rest.value.line, 'text after the summary row')
    }
    return summary
  }
}

function emptyRow(line: number): TradeBillRow {
  return {
    line,
    tradeTime: 0,
    appid: '',
    mchid: '',
    subMchid: '',
    deviceInfo: '',
    transactionId: '',
    outTradeNo: '',
    openid: '',
    tradeType: '',
    tradeState: '',
    bankType: '',
    currency: '',
    settlementTotal: 0,
    coupon: 0,
    refundId: '',
    outRefundNo: '',
    refund: 0,
    rechargeCouponRefund: 0,
    refundType: '',
    refundStatus: '',
    description: '',
    attach: '',
    fee: 0,
    feeRate: '',
    total: 0,
    appliedRefund: 0,
    feeNote: '',
  }
}

function parseRow(values: string[], fields: ReadonlyArray<(typeof DETAIL_COLUMNS)[string] | undefined>, line: number): TradeBillRow {
  // A value holding ",`" would split in two: refuse the row rather than shift every column after it.
  if (values.length !== fields.length) throw malformed(line, `${values.length} values for ${fields.length} columns`)
  const row = emptyRow(line)
  const record = row as unknown as Record<RowField, string | number>
  for (let i = 0; i < fields.length; i++) {
    const column = fields[i]
    if (!column) continue
    const [field, kind, required] = column
    const text = values[i]
    switch (kind) {
      case 'text':
        record[field] = text
        break
      case 'refundNo':
        // Payment rows carry 0 in the refund number columns.
        record[field] = text === '0' ? '' : text
        break
      case 'time': {
        const ms = parseBeijingDateTime(text)
        if (ms === undefined) throw malformed(line, `${columnName(field)} is not yyyy-MM-dd HH:mm:ss`)
        record[field] = ms
        break
      }
      case 'fen':
      case 'fee': {
        // An optional amount column left empty reads as zero; a required one must hold a number.
        const units = text === '' && !required ? 0 : decimalUnits(text, kind === 'fee' ? 5 : 2)
        if (units === undefined) throw malformed(line, `${columnName(field)} is not an amount`)
        record[field] = units
        break
      }
    }
  }
  return row
}

function columnName(field: RowField): string {
  return Object.keys(DETAIL_COLUMNS).find((name) => DETAIL_COLUMNS[name][0] === field) ?? field
}

/** The whole bill at once: its rows and its summary (tests and small bills; large ones use `TradeBillReader`). */
export function parseTradeBill(text: string): { rows: TradeBillRow[]; summary: TradeBillSummary } {
  const reader = new TradeBillReader(text)
  const rows = [...reader.rows()]
  return { rows, summary: reader.summary }
}

/** Yuan text of fen, for notes the merchant reads: 2990 → `29.90`. */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Yuan text of a fee in 0.00001 yuan: 18000 → `0.18000`. */
export function feeText(units: number): string {
  const sign = units < 0 ? '-' : ''
  const abs = Math.abs(units)
  return `${sign}${Math.floor(abs / 100_000)}.${String(abs % 100_000).padStart(5, '0')}`
}
