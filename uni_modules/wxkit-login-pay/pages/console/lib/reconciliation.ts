import { payAdminService } from '../../../js_sdk/services/pay-admin'

/**
 * The daily reconciliation against WeChat Pay's trade bill, as payAdmin
 * answers it (issue 12, item 2: listReconciliations, getReconciliation,
 * runReconciliation). The types are that contract, written here because the
 * methods are built beside the console; once they are in the generated
 * cloud-api.d.ts, `reconciliationApi` is `payAdminService` itself and these
 * types can be derived from it like the others in js_sdk/services/pay-admin.ts.
 */

export type ReconciliationStatus = 'matched' | 'discrepancies' | 'not-ready' | 'no-bill' | 'failed'

/** One bill day's result. */
export interface ReconciliationDay {
  billDate: string
  status: ReconciliationStatus
  rows: number
  matched: number
  applied: number
  discrepancies: number
  ranAt: number
}

export type DiscrepancyKind = 'paid-missing-here' | 'refund-missing-here' | 'missing-at-wechat' | 'amount-mismatch' | 'unknown-trade' | 'totals-mismatch'

/** What differed, and what was done: applied (through the one transition) or recorded for the merchant. */
export interface Discrepancy {
  id: string
  kind: DiscrepancyKind
  outTradeNo?: string
  outRefundNo?: string
  transactionId?: string
  orderId?: string
  /** Fen. */
  ours?: number
  theirs?: number
  action: 'applied' | 'recorded'
  note: string
}

/** The reconciliation methods of payAdmin. */
export interface ReconciliationApi {
  listReconciliations(input?: { page?: number }): Promise<{ days: ReconciliationDay[]; hasMore: boolean }>
  getReconciliation(input: { billDate: string }): Promise<{ day: ReconciliationDay; discrepancies: Discrepancy[] }>
  runReconciliation(input: { billDate: string }): Promise<{ day: ReconciliationDay }>
}

/** payAdmin's reconciliation methods (the same cloud object; see above). */
export const reconciliationApi = payAdminService as unknown as ReconciliationApi

/** How far back a day may be reconciled again. */
export const RECONCILE_DAYS_BACK = 90

export const RECONCILIATION_STATUS_LABELS: Readonly<Record<ReconciliationStatus, string>> = {
  matched: '已对平',
  discrepancies: '有差异',
  'not-ready': '账单未生成',
  'no-bill': '当日无交易',
  failed: '对账失败',
}

export const DISCREPANCY_KIND_LABELS: Readonly<Record<DiscrepancyKind, string>> = {
  'paid-missing-here': '微信已收款，本地未记录',
  'refund-missing-here': '微信已退款，本地未记录',
  'missing-at-wechat': '本地有记录，账单中没有',
  'amount-mismatch': '金额不一致',
  'unknown-trade': '账单中的未知交易',
  'totals-mismatch': '账单汇总不一致',
}

export const DISCREPANCY_ACTION_LABELS: Readonly<Record<Discrepancy['action'], string>> = {
  applied: '已按账单补记',
  recorded: '已记录，待人工处理',
}
