/**
 * A report from WeChat Pay (a transaction or a refund) that does not belong
 * to what it names; `status` is the HTTP answer a notify gets (400 mismatch,
 * 404 unknown), and `fields` names what contradicts (never the values).
 */
export class PaymentMatchError extends Error {
  readonly status: number
  readonly fields: string[]

  constructor(status: number, message: string, fields: string[] = []) {
    super(message)
    this.name = 'PaymentMatchError'
    this.status = status
    this.fields = fields
  }
}
