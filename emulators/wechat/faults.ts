/**
 * Fault injection: the next N calls of an endpoint answer an error or hang,
 * the next N notify deliveries misbehave, the next N refunds settle badly.
 */

/** What an endpoint fault does. */
export type EndpointFaultAction =
  | { type: 'wx'; errcode: number; errmsg?: string }
  | { type: 'wxpay'; code: string; status?: number; message?: string }
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

/** The next `remaining` refunds settle with `status` instead of SUCCESS. */
export interface RefundFault {
  id: number
  status: RefundOutcome
  remaining: number
}

/** The registry of armed faults. */
export class FaultRegistry {
  private endpointFaults: EndpointFault[] = []
  private notifyFaults: NotifyFault[] = []
  private refundFaults: RefundFault[] = []
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

  /** Arm a refund outcome. */
  addRefund(status: RefundOutcome, remaining: number): RefundFault {
    const armed = { id: this.nextId++, status, remaining }
    this.refundFaults.push(armed)
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

  /** Consume the next refund outcome, if one is armed. */
  takeRefund(): RefundOutcome | undefined {
    const fault = this.refundFaults[0]
    if (!fault) return undefined
    this.consume(fault, this.refundFaults)
    return fault.status
  }

  /** Everything armed, for GET /__emulator/v1/faults. */
  list(): { endpoints: EndpointFault[]; notifies: NotifyFault[]; refunds: RefundFault[] } {
    return { endpoints: [...this.endpointFaults], notifies: [...this.notifyFaults], refunds: [...this.refundFaults] }
  }

  /** Disarm everything. */
  clear(): void {
    this.endpointFaults = []
    this.notifyFaults = []
    this.refundFaults = []
  }

  private consume<T extends { remaining: number }>(fault: T, list: T[]): void {
    fault.remaining -= 1
    if (fault.remaining <= 0) list.splice(list.indexOf(fault), 1)
  }
}
