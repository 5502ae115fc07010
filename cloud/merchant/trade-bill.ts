import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { CloudError } from '../shared/errors'
import type { WechatPayClient } from '../wxpay/client'
import { isWxpayError } from '../wxpay/errors'

/**
 * One day's trade bill from WeChat Pay (docs/wechat-pay-merchant.md, 申请交易账单
 * and 下载账单): apply for it (`GET /v3/bill/tradebill`, a signed and verified
 * answer carrying the file's SHA1), download it from the download_url (a
 * signed request whose answer WeChat Pay does not sign), gunzip it, and check
 * the SHA1 of the uncompressed bytes against hash_value before a single byte
 * is decoded or parsed. The hash is the only thing that vouches for the file,
 * so a mismatch refuses it whole. A bill not made yet (STATEMENT_CREATING,
 * until after 10:00 Beijing time the next day) and a day without trades
 * (NO_STATEMENT_EXIST) are answers, not errors.
 */

/** What the download needs of the WeChat Pay client (a fake in unit tests and benchmarks). */
export type BillGateway = Pick<WechatPayClient, 'applyTradeBill' | 'downloadBill'>

/** A bill larger than this uncompressed is refused (about 180,000 rows of an ALL bill): the function has 256 MB. */
export const BILL_MAX_BYTES = 64 * 1024 * 1024

/** The outcome of fetching one day's bill. */
export type TradeBillFetch =
  | { status: 'ready'; text: string; hashValue: string; compressedBytes: number; bytes: number }
  | { status: 'not-ready' }
  | { status: 'no-bill' }

/** SHA1 of some bytes, lower-case hex (hash_value's form). */
export function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex')
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

/**
 * The bytes of the bill as WeChat Pay made it: gunzipped (the file asked for
 * with tar_type GZIP; a plain file is taken as it is), at most BILL_MAX_BYTES.
 */
export function uncompressBill(bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes
  try {
    const raw = gunzipSync(bytes, { maxOutputLength: BILL_MAX_BYTES })
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)
  } catch {
    throw new CloudError('BILL_MALFORMED', 'the trade bill does not gunzip (or is larger than the kit reads)')
  }
}

/**
 * Check the uncompressed bill against the signed hash_value, then decode it
 * (UTF-8, strictly). BILL_HASH_MISMATCH or BILL_HASH_UNSUPPORTED refuse it.
 */
export function verifiedBillText(raw: Uint8Array, hashType: string, hashValue: string): string {
  if (hashType.toUpperCase() !== 'SHA1') throw new CloudError('BILL_HASH_UNSUPPORTED', 'the trade bill comes with a hash type the kit does not check')
  if (sha1Hex(raw) !== hashValue.toLowerCase()) throw new CloudError('BILL_HASH_MISMATCH', 'the trade bill does not match the hash WeChat Pay signed')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw)
  } catch {
    throw new CloudError('BILL_MALFORMED', 'the trade bill is not UTF-8')
  }
}

/** Apply for, download and verify the ALL bill of `billDate` (yyyy-MM-DD, a Beijing day). */
export async function fetchTradeBill(gateway: BillGateway, billDate: string): Promise<TradeBillFetch> {
  let info: Awaited<ReturnType<BillGateway['applyTradeBill']>>
  try {
    info = await gateway.applyTradeBill({ bill_date: billDate, bill_type: 'ALL', tar_type: 'GZIP' })
  } catch (error) {
    if (isWxpayError(error, 'UPSTREAM_ERROR') && error.wechatCode === 'STATEMENT_CREATING') return { status: 'not-ready' }
    if (isWxpayError(error, 'UPSTREAM_ERROR') && error.wechatCode === 'NO_STATEMENT_EXIST') return { status: 'no-bill' }
    throw error
  }
  const compressed = await gateway.downloadBill(info.download_url)
  const raw = uncompressBill(compressed)
  const text = verifiedBillText(raw, info.hash_type, info.hash_value)
  return { status: 'ready', text, hashValue: info.hash_value.toLowerCase(), compressedBytes: compressed.length, bytes: raw.length }
}
