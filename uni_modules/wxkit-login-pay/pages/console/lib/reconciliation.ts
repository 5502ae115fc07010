import type { PayAdminApi } from '../../../js_sdk/cloud-api'
import { payAdminService } from '../../../js_sdk/services/pay-admin'

/**
 * The daily reconciliation against WeChat Pay's trade bill, as payAdmin
 * answers it (listReconciliations, getReconciliation, runReconciliation):
 * the types come from the generated cloud-api.d.ts.
 */

type Answer<M extends keyof PayAdminApi> = Awaited<ReturnType<PayAdminApi[M]>>

/** One bill day's result. */
export type ReconciliationDay = Answer<'getReconciliation'>['day']
export type ReconciliationStatus = ReconciliationDay['status']
/** What differed, and what was done: applied (through the one transition) or recorded for the merchant. */
export type Discrepancy = Answer<'getReconciliation'>['discrepancies'][number]
export type DiscrepancyKind = Discrepancy['kind']

/** payAdmin's reconciliation methods. */
export const reconciliationApi: Pick<PayAdminApi, 'listReconciliations' | 'getReconciliation' | 'runReconciliation'> = payAdminService

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
