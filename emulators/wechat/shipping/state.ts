/**
 * 小程序发货信息管理 as the emulator keeps it: whether the mini program is under
 * trade management, and what was shipped for each paid trade (keyed by
 * transaction_id). The trades themselves are WeChat Pay's orders in
 * `EmulatorState.orders`, read, never copied.
 */

/** One package as uploaded (the contact already masked by the merchant). */
export interface ShippedPackage {
  trackingNo?: string
  expressCompany?: string
  itemDesc: string
  consignorContact?: string
  receiverContact?: string
  /** Business time of the upload, ms. */
  uploadedAt: number
}

/** The shipping side of one paid trade. */
export interface ShippingRecord {
  transactionId: string
  logisticsType: number
  deliveryMode: number
  /** Split delivery not yet complete leaves this false. */
  finished: boolean
  /** finish_shipping_count: 0 until finished, 1 once, 2 after the one re-shipment finished. */
  finishCount: number
  /** The one re-shipment (重新发货) allowed per trade has been used. */
  reshipped: boolean
  packages: ShippedPackage[]
  /** The request's upload_time, ms: a later upload must carry a later one. */
  uploadTime: number
  /** The upload's content, canonicalised, for 10060023 (nothing changed). */
  fingerprint: string
  /** notify_confirm_receive was used (one reminder per trade). */
  remindedAt?: number
  receivedTime?: number
  /** The buyer confirmed receipt (order_state 3). */
  confirmedAt?: number
  /** Funds settled (order_state 4). */
  settledAt?: number
}

/** Trade management switches and shipping records; wiped by reset. */
export class ShippingState {
  /** is_trade_managed: on by default so the shipping path is exercised in development. */
  tradeManaged = true
  /** is_trade_management_confirmation_completed. */
  confirmationCompleted = true
  /** set_msg_jump_path's path, if set. */
  msgJumpPath?: string
  readonly records = new Map<string, ShippingRecord>()

  /** Back to a managed mini program with nothing shipped. */
  reset(): void {
    this.tradeManaged = true
    this.confirmationCompleted = true
    this.msgJumpPath = undefined
    this.records.clear()
  }
}
