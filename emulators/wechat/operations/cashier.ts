import { PAGE_PREFIX } from '../constants'
import { PageError, avatarSvg, cashierPage, resultPage } from '../pages'
import type { Order } from '../state'
import { PaymentRefused, cashierRef, confirmCashier, orderForCashier } from '../wxpay/payer'
import { html, parseForm, redirect, type OpContext, type Operation } from './operation'
import { browserUser, userCookie } from './weixin-open'

const PAY_ACTION = `${PAGE_PREFIX}/cashier/pay`

function page(ctx: OpContext, order: Order | undefined, fields: Record<string, string>) {
  if (!order) throw new PageError(40097, '订单不存在或链接已失效')
  return html(
    cashierPage({
      merchantName: ctx.core.identity.merchant.name,
      description: order.description,
      total: order.total,
      action: PAY_ACTION,
      fields,
      user: browserUser(ctx),
    }),
  )
}

/** The emulator's cashier: what h5_url opens and what "scanning" a Native code_url shows. */
export const cashierOperations: Operation[] = [
  {
    method: 'GET',
    path: `${PAGE_PREFIX}/cashier/h5`,
    host: 'emulator',
    handle(ctx) {
      const prepayId = ctx.url.searchParams.get('prepay_id') ?? ''
      const fields: Record<string, string> = { prepay_id: prepayId }
      const redirectUrl = ctx.url.searchParams.get('redirect_url')
      if (redirectUrl) fields.redirect_url = redirectUrl
      return page(ctx, orderForCashier(ctx.core, { prepayId }), fields)
    },
  },
  {
    method: 'GET',
    path: `${PAGE_PREFIX}/cashier/native`,
    host: 'emulator',
    handle(ctx) {
      let pr = ctx.url.searchParams.get('pr') ?? ''
      const codeUrl = ctx.url.searchParams.get('code_url')
      if (!pr && codeUrl) pr = cashierRef(codeUrl).pr ?? ''
      return page(ctx, orderForCashier(ctx.core, { pr }), { pr })
    },
  },
  {
    method: 'POST',
    path: PAY_ACTION,
    host: 'emulator',
    handle(ctx) {
      const form = parseForm(ctx.rawBody)
      const order = orderForCashier(ctx.core, { prepayId: form.prepay_id, pr: form.pr })
      if (!order) throw new PageError(40097, '订单不存在或链接已失效')
      const user = form.user?.trim() || browserUser(ctx)
      const back = form.redirect_url
      if (form.decision !== 'pay') {
        return back ? redirect(back, userCookie(user)) : html(resultPage('已取消支付', '你取消了此次支付。'), 200, userCookie(user))
      }
      try {
        confirmCashier(ctx.core, order, user)
      } catch (error) {
        if (error instanceof PaymentRefused) return html(resultPage('支付失败', error.errMsg), 200, userCookie(user))
        throw error
      }
      return back ? redirect(back, userCookie(user)) : html(resultPage('支付成功', `已支付 ¥${(order.total / 100).toFixed(2)}`), 200, userCookie(user))
    },
  },
  {
    method: 'GET',
    path: `${PAGE_PREFIX}/avatar/{user}.svg`,
    host: 'emulator',
    handle(ctx) {
      return { kind: 'raw', status: 200, contentType: 'image/svg+xml', body: avatarSvg(ctx.params.user) }
    },
  },
]
