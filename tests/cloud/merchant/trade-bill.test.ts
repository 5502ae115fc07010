import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { BILL_MAX_BYTES, fetchTradeBill, uncompressBill, verifiedBillText, type BillGateway } from '../../../cloud/merchant/trade-bill'
import { rejection } from '../support'
import { wxpayError } from '../pay/support'

const TEXT = '交易时间,商户订单号\n`2025-03-14 09:26:53,`T1\n'
const sha1 = (text: string | Uint8Array) => createHash('sha1').update(text).digest('hex')

function gateway(answer: { hash_type?: string; hash_value?: string; bytes?: Uint8Array } | Error): BillGateway & { downloads: string[] } {
  const downloads: string[] = []
  return {
    downloads,
    async applyTradeBill() {
      if (answer instanceof Error) throw answer
      return { hash_type: answer.hash_type ?? 'SHA1', hash_value: answer.hash_value ?? sha1(TEXT), download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=T' }
    },
    async downloadBill(url) {
      downloads.push(url)
      return (answer as { bytes?: Uint8Array }).bytes ?? new Uint8Array(gzipSync(TEXT))
    },
  }
}

describe('fetchTradeBill', () => {
  it('applies for the ALL bill gzipped, downloads it, gunzips it and checks the SHA1 of the uncompressed text', async () => {
    const g = gateway({ hash_value: sha1(TEXT).toUpperCase() })
    const calls: unknown[] = []
    const apply = g.applyTradeBill.bind(g)
    g.applyTradeBill = async (request) => {
      calls.push(request)
      return apply(request)
    }
    const fetched = await fetchTradeBill(g, '2025-03-14')
    expect(calls).toEqual([{ bill_date: '2025-03-14', bill_type: 'ALL', tar_type: 'GZIP' }])
    expect(fetched).toMatchObject({ status: 'ready', text: TEXT, hashValue: sha1(TEXT), bytes: Buffer.byteLength(TEXT) })
    expect(g.downloads).toEqual(['https://api.mch.weixin.qq.com/v3/billdownload/file?token=T'])
  })

  it('answers not-ready for STATEMENT_CREATING and no-bill for NO_STATEMENT_EXIST, without downloading', async () => {
    expect(await fetchTradeBill(gateway(wxpayError(400, 'STATEMENT_CREATING')), '2025-03-14')).toEqual({ status: 'not-ready' })
    expect(await fetchTradeBill(gateway(wxpayError(400, 'NO_STATEMENT_EXIST')), '2025-03-14')).toEqual({ status: 'no-bill' })
  })

  it('passes any other refusal on (INVALID_REQUEST: a date out of range)', async () => {
    expect(await rejection(fetchTradeBill(gateway(wxpayError(400, 'INVALID_REQUEST')), '2024-01-01'))).toMatchObject({ code: 'UPSTREAM_ERROR', wechatCode: 'INVALID_REQUEST' })
  })

  it('refuses bytes that do not match the hash (BILL_HASH_MISMATCH), whatever they hold', async () => {
    const tampered = TEXT.replace('T1', 'T2')
    expect(await rejection(fetchTradeBill(gateway({ bytes: new Uint8Array(gzipSync(tampered)) }), '2025-03-14'))).toMatchObject({ code: 'BILL_HASH_MISMATCH' })
  })

  it('checks the hash of the uncompressed file, not of the gzip bytes', async () => {
    const gz = new Uint8Array(gzipSync(TEXT))
    expect(await rejection(fetchTradeBill(gateway({ hash_value: sha1(gz), bytes: gz }), '2025-03-14'))).toMatchObject({ code: 'BILL_HASH_MISMATCH' })
  })

  it('refuses a hash type it cannot check', async () => {
    expect(await rejection(fetchTradeBill(gateway({ hash_type: 'MD5' }), '2025-03-14'))).toMatchObject({ code: 'BILL_HASH_UNSUPPORTED' })
  })
})

describe('the file', () => {
  it('takes a file that is not gzipped as it is (the hash still decides)', () => {
    const raw = new Uint8Array(Buffer.from(TEXT))
    expect(uncompressBill(raw)).toBe(raw)
    expect(verifiedBillText(raw, 'SHA1', sha1(TEXT))).toBe(TEXT)
  })

  it('refuses a broken gzip stream', async () => {
    const gz = new Uint8Array(gzipSync(TEXT)).slice(0, 12)
    expect(await rejection((async () => uncompressBill(gz))())).toMatchObject({ code: 'BILL_MALFORMED' })
  })

  it(`refuses a file that inflates beyond ${BILL_MAX_BYTES / 1024 / 1024} MB (a gzip bomb)`, async () => {
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(BILL_MAX_BYTES + 1)))
    expect(bomb.length).toBeLessThan(1024 * 1024)
    expect(await rejection((async () => uncompressBill(bomb))())).toMatchObject({ code: 'BILL_MALFORMED' })
  })

  it('refuses text that is not UTF-8 even when its hash matches', async () => {
    const raw = new Uint8Array([0xe4, 0xba, 0x0a])
    expect(await rejection((async () => verifiedBillText(raw, 'SHA1', sha1(raw)))())).toMatchObject({ code: 'BILL_MALFORMED' })
  })
})
