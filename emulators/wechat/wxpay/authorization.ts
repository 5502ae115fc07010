import type { IncomingMessage } from 'node:http'
import { AUTH_SCHEME, SIGNATURE_WINDOW_SECONDS } from '../constants'
import type { EmulatorCore } from '../core'
import { rsaVerify } from '../crypto/rsa-signer'
import { parseAuthorization, requestSigningMessage } from '../crypto/sign-messages'
import { WxPayError } from '../errors'

const FORMAT_MESSAGE = 'Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》'

/**
 * Check a merchant request as WeChat Pay does: Accept present, Authorization
 * well formed, known mchid and certificate serial, timestamp within 300 s of
 * wall time, and SHA256withRSA over `METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nBODY\n`
 * with the path exactly as received. Returns the signing mchid.
 */
export function verifyMerchantRequest(
  core: EmulatorCore,
  req: IncomingMessage,
  pathWithQuery: string,
  rawBody: string,
): { mchid: string } {
  if (!req.headers.accept) {
    throw new WxPayError('PARAM_ERROR', 'Http头缺少Accept或User-Agent')
  }
  const header = req.headers.authorization
  const fields = header ? parseAuthorization(header, AUTH_SCHEME) : undefined
  if (!fields) throw new WxPayError('SIGN_ERROR', FORMAT_MESSAGE)
  const merchant = core.identity.merchant
  if (fields.mchid !== merchant.mchid) throw new WxPayError('MCH_NOT_EXISTS', '商户号不存在')
  if (fields.serial_no.toUpperCase() !== merchant.serialNo) {
    throw new WxPayError('SIGN_ERROR', '商户证书序列号有误。请使用签名私钥匹配的证书序列号')
  }
  if (!/^\d{1,12}$/.test(fields.timestamp)) throw new WxPayError('SIGN_ERROR', FORMAT_MESSAGE)
  if (Math.abs(core.clock.wallSeconds() - Number(fields.timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    throw new WxPayError('SIGN_ERROR', '签名中的时间戳已过期，请检查服务器时间', {
      field: 'timestamp',
      location: 'authorization',
      issue: `timestamp is more than ${SIGNATURE_WINDOW_SECONDS} seconds away from now`,
    })
  }
  const method = req.method ?? 'GET'
  const message = requestSigningMessage(method, pathWithQuery, fields.timestamp, fields.nonce_str, rawBody)
  if (!rsaVerify(merchant.publicKey, message, fields.signature)) {
    throw new WxPayError('SIGN_ERROR', '错误的签名，验签失败', {
      detail: { issue: 'sign not match' },
      field: 'signature',
      location: 'authorization',
      sign_information: {
        method,
        url: pathWithQuery,
        sign_message_length: Buffer.byteLength(message),
        truncated_sign_message: message.length > 128 ? message.slice(0, 128) + '…' : message,
      },
    })
  }
  return { mchid: fields.mchid }
}
