/**
 * Fault injection: the next N calls of an endpoint answer an error or hang,
 * the next N notify deliveries misbehave, the next N refunds settle badly,
 * the next N bill downloads do not match their hash, a bill comes late.
 */

/** What an endpoint fault does. */
export type EndpointFaultAction =
  | { type: 'wx'; errcode: number; errmsg?: string }
  /** `applied`: the request is processed (it takes effect) and then answered with the error. */
  | { type: 'wxpay'; code: string; status?: number; message?: string; applied?: boolean }
  | { type: 'hang'; ms: number }

/** A fault on the next `remaining` calls of an endpoint. */
export interface EndpointFault {
  id: number
  endpoint: string
  remaining: number
  action: EndpointFaultAction
}

export const NOTIFY_FAULT_KINDS = [
  'drop', 'duplicate', 'delay', 'signtest', 'tamperTag', 'skewTimestamp', 'unknownSerial',
] as const
export type NotifyFaultKind = (typeof NOTIFY_FAULT_KINDS)[number]

/**
 * A notify fault. `duplicate` and `delay` apply per notify (its first delivery);
 * the others apply per delivery attempt.
 */
export interface NotifyFault {
  id: number
  kind: NotifyFaultKind
  remaining: number
  /** duplicate: extra concurrent copies. */
  copies?: number
  /** delay: how long the first delivery waits (real ms). */
  delayMs?: number
  /** skewTimestamp: seconds added to Wechatpay-Timestamp (negative = in the past). */
  skewSeconds?: number
}

export type RefundOutcome = 'ABNORMAL' | 'CLOSED'

/** The next `remaining` refunds (or those of `outRefundNo`) settle with `status` instead of SUCCESS. */
export interface RefundFault {
  id: number
  status: RefundOutcome
  remaining: number
  outRefundNo?: string
}

/**
 * A trade bill fault: `hashMismatch` serves the next `remaining` downloads
 * with bytes that do not match hash_value; `late` keeps the bill of `date`
 * answering STATEMENT_CREATING until `readyAt` (business ms), until cleared.
 */
export type BillFaultInput =
  | { kind: 'hashMismatch'; remaining: number }
  | { kind: 'late'; date: string; readyAt: number; remaining: number }
export type BillFault = BillFaultInput & { id: number }

/** The registry of armed faults. */
export class FaultRegistry {
  private endpointFaults: EndpointFault[] = []
  private notifyFaults: NotifyFault[] = []
  private refundFaults: RefundFault[] = []
  private billFaults: BillFault[] = []
  private nextId = 1

  /** Arm an endpoint fault; `endpoint` is an operation key or path pattern. */
  addEndpoint(endpoint: string, remaining: number, action: EndpointFaultAction): EndpointFault {
    const fault = { id: this.nextId++, endpoint, remaining, action }
    this.endpointFaults.push(fault)
    return fault
  }

  /** Arm a notify fault. */
  addNotify(fault: Omit<NotifyFault, 'id'>): NotifyFault {
    const armed = { ...fault, id: this.nextId++ }
    this.notifyFaults.push(armed)
    return armed
  }

  /** Arm a refund outcome, for the next refunds or for one out_refund_no. */
  addRefund(status: RefundOutcome, remaining: number, outRefundNo?: string): RefundFault {
    const armed = { id: this.nextId++, status, remaining, ...(outRefundNo ? { outRefundNo } : {}) }
    this.refundFaults.push(armed)
    return armed
  }

  /** Arm a trade bill fault. */
  addBill(fault: BillFaultInput): BillFault {
    const armed: BillFault = { ...fault, id: this.nextId++ }
    this.billFaults.push(armed)
    return armed
  }

  /** Consume the first endpoint fault matching one of `names` (operation key or pattern). */
  takeEndpoint(names: readonly string[]): EndpointFault | undefined {
    const fault = this.endpointFaults.find((f) => names.includes(f.endpoint))
    if (!fault) return undefined
    this.consume(fault, this.endpointFaults)
    return fault
  }

  /** Consume one use of each armed notify fault of these kinds. */
  takeNotify(kinds: readonly NotifyFaultKind[]): NotifyFault[] {
    const taken: NotifyFault[] = []
    for (const kind of kinds) {
      const fault = this.notifyFaults.find((f) => f.kind === kind)
      if (fault) {
        this.consume(fault, this.notifyFaults)
        taken.push(fault)
      }
    }
    return taken
  }

  /** Consume the refund outcome armed for this refund, else the next untargeted one. */
  takeRefund(outRefundNo?: string): RefundOutcome | undefined {
    const fault =
      this.refundFaults.find((f) => f.outRefundNo !== undefined && f.outRefundNo === outRefundNo) ??
      this.refundFaults.find((f) => f.outRefundNo === undefined)
    if (!fault) return undefined
    this.consume(fault, this.refundFaults)
    return fault.status
  }

  /** Consume one hashMismatch bill fault, if armed. */
  takeBillHashMismatch(): boolean {
    const fault = this.billFaults.find((f) => f.kind === 'hashMismatch')
    if (!fault) return false
    this.consume(fault, this.billFaults)
    return true
  }

  /** When a late-bill fault holds the bill of `date` back, its readyAt (business ms). */
  billReadyAt(date: string): number | undefined {
    const late = this.billFaults.filter((f) => f.kind === 'late' && f.date === date)
    const readyAts = late.map((f) => (f.kind === 'late' ? f.readyAt : 0))
    return readyAts.length ? Math.max(...readyAts) : undefined
  }

  /** Everything armed, for GET /__emulator/v1/faults. */
  list(): { endpoints: EndpointFault[]; notifies: NotifyFault[]; refunds: RefundFault[]; bills: BillFault[] } {
    return {
      endpoints: [...this.endpointFaults],
      notifies: [...this.notifyFaults],
      refunds: [...this.refundFaults],
      bills: [...this.billFaults],
    }
  }

  /** Disarm everything. */
  clear(): void {
    this.endpointFaults = []
    this.notifyFaults = []
    this.refundFaults = []
    this.billFaults = []
  }

  private consume<T extends { remaining: number }>(fault: T, list: T[]): void {
    fault.remaining -= 1
    if (fault.remaining <= 0) list.splice(list.indexOf(fault), 1)
  }
}
