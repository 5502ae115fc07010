import { WechatpayHeaders } from '../constants'
import { randomHex } from '../random'
import { applyForTradeBill, downloadTradeBill } from '../wxpay/trade-bills'
import { json, type Operation } from './operation'

/** api.mch.weixin.qq.com bill endpoints: 申请交易账单 and 下载账单. */
export const wxpayBillOperations: Operation[] = [
  {
    method: 'GET',
    path: '/v3/bill/tradebill',
    host: 'wxpayApi',
    handle: (ctx) => json(applyForTradeBill(ctx.core, ctx.url.searchParams, ctx.origin)),
  },
  {
    method: 'GET',
    path: '/v3/billdownload/file',
    host: 'wxpayApi',
    handle(ctx) {
      // The merchant signs the request as usual; WeChat Pay's answer carries no signature.
      const { bytes } = downloadTradeBill(ctx.core, ctx.url.searchParams)
      return {
        kind: 'bytes',
        status: 200,
        contentType: 'application/octet-stream',
        body: bytes,
        unsigned: true,
        headers: { [WechatpayHeaders.requestId]: randomHex(32).toUpperCase() },
      }
    },
  },
]
