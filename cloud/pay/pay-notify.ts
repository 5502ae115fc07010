import { isWxpayError, type WxpayErrorCode } from '../wxpay/errors'
import type { NotifyParser } from '../wxpay/notify-parser'
import { errorLabel } from '../shared/error-label'
import { FulfilmentError } from './fulfilment'
import type { PayDeps } from './pay-deps'
import { PaymentMatchError, applyTransaction } from './payments'
import { applyRefund, refundReportOf } from './refunds'

/**
 * WeChat Pay's notifies, from the raw HTTP request to the HTTP answer:
 * verify the signature over the raw body → decrypt (tag checked) → match the
 * stored order → apply through the one transition → run fulfilment → 204.
 * Every failure, whatever it is, answers 4xx/5xx with
 * `{"code":"FAIL","message":…}`, so WeChat Pay retries: an acknowledged notify
 * that was not applied is a lost payment.
 */

/** The parts of a URL-ized request a notify needs; header names lower-case, body exactly as received. */
export interface NotifyRequest {
  httpMethod: string
  headers: Record<string, string>
  body: string
}

/** The HTTP answer to a notify. */
export interface NotifyAnswer {
  status: number
  body: string
}

/** The acknowledgement: 204, no body. */
export const NOTIFY_ACK: NotifyAnswer = { status: 204, body: '' }

/** A failure answer WeChat Pay retries. */
export function notifyFailure(status: number, message: string): NotifyAnswer {
  return { status, body: JSON.stringify({ code: 'FAIL', message }) }
}

const SIGNATURE_CODES: readonly WxpayErrorCode[] = [
  'HEADER_MISSING',
  'HEADER_INVALID',
  'TIMESTAMP_EXPIRED',
  'SIGNTEST',
  'SIGNATURE_INVALID',
  'SERIAL_UNKNOWN',
]
const MALFORMED_CODES: readonly WxpayErrorCode[] = ['ALGORITHM_UNSUPPORTED', 'DECRYPT_FAILED', 'NOTIFY_MALFORMED', 'BODY_NOT_RAW']

/** The answer for anything thrown while handling a notify; logs its code, never its text. */
function failureFor(deps: PayDeps, kind: string, error: unknown): NotifyAnswer {
  if (isWxpayError(error) && SIGNATURE_CODES.includes(error.code)) {
    deps.log.warn(`[pay.${kind}] rejected: ${error.code}`)
    return notifyFailure(401, 'signature verification failed')
  }
  if (isWxpayError(error) && MALFORMED_CODES.includes(error.code)) {
    deps.log.warn(`[pay.${kind}] rejected: ${error.code}`)
    return notifyFailure(400, 'notify could not be decrypted or parsed')
  }
  if (error instanceof PaymentMatchError) return notifyFailure(error.status, error.message)
  if (error instanceof FulfilmentError) {
    return error.code === 'FULFILMENT_BUSY'
      ? notifyFailure(503, 'fulfilment in progress, retry later')
      : notifyFailure(500, 'fulfilment failed, retry later')
  }
  deps.log.error(`[pay.${kind}] failed: ${errorLabel(error)}`)
  return notifyFailure(500, 'processing failed, retry later')
}

async function answer(deps: PayDeps, kind: string, request: NotifyRequest, handle: () => Promise<void>): Promise<NotifyAnswer> {
  if (request.httpMethod.toUpperCase() !== 'POST') return notifyFailure(405, 'POST only')
  if (!request.body) return notifyFailure(400, 'empty body')
  try {
    await handle()
    return NOTIFY_ACK
  } catch (error) {
    return failureFor(deps, kind, error)
  }
}

/** Handle a TRANSACTION.SUCCESS notify (`POST /pay/notify`). */
export function handleTransactionNotify(deps: PayDeps, parser: NotifyParser, request: NotifyRequest): Promise<NotifyAnswer> {
  return answer(deps, 'notify', request, async () => {
    const { resource } = await parser.parseTransaction(request.headers, request.body)
    await applyTransaction(deps, resource, 'notify')
  })
}

/** Handle a REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED notify (`POST /pay/refundNotify`). */
export function handleRefundNotify(deps: PayDeps, parser: NotifyParser, request: NotifyRequest): Promise<NotifyAnswer> {
  return answer(deps, 'refundNotify', request, async () => {
    const { resource } = await parser.parseRefund(request.headers, request.body)
    await applyRefund(deps, refundReportOf(resource), 'notify')
  })
}
