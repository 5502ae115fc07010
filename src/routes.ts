/**
 * Every page of the demo shop, in one place: components and pages navigate
 * with these, never with path strings of their own. `tests/src/routes.test.ts`
 * keeps this list and pages.json equal.
 */
export const ROUTES = {
  home: '/src/pages/index/index',
  mine: '/src/pages/mine/index',
  product: '/src/pages/product/index',
  checkout: '/src/pages/checkout/index',
  payResult: '/src/pages/pay-result/index',
  orders: '/src/pages/orders/index',
  profile: '/src/pages/profile/index',
  // The kit's merchant console (its own subpackage): the server decides who sees anything.
  consoleOverview: '/uni_modules/wxkit-login-pay/pages/console/overview/overview',
  consoleOrders: '/uni_modules/wxkit-login-pay/pages/console/orders/orders',
  consoleOrder: '/uni_modules/wxkit-login-pay/pages/console/order/order',
  consoleQueues: '/uni_modules/wxkit-login-pay/pages/console/queues/queues',
  consoleReconciliation: '/uni_modules/wxkit-login-pay/pages/console/reconciliation/reconciliation',
} as const

/** A page path of the app. */
export type Route = (typeof ROUTES)[keyof typeof ROUTES]

/** The tab bar's pages (reached with switchTab, never navigateTo). */
export const TAB_PAGES: readonly Route[] = [ROUTES.home, ROUTES.mine]

/** Pages that need a logged-in user (they show the user's data): navigating to them opens the login panel first. */
export const PROTECTED_PAGES: readonly Route[] = [
  ROUTES.profile,
  ROUTES.orders,
  ROUTES.checkout,
  ROUTES.payResult,
  ROUTES.consoleOverview,
  ROUTES.consoleOrders,
  ROUTES.consoleOrder,
  ROUTES.consoleQueues,
  ROUTES.consoleReconciliation,
]

function withQuery(path: Route, query: Record<string, string>): string {
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
  return search ? `${path}?${search}` : path
}

/** The product page of `id`. */
export const productUrl = (id: string) => withQuery(ROUTES.product, { id })
/**
 * The checkout page for product `id`; with `orderId`, the checkout of that order
 * while its QR code is up (so a reload shows the QR code again).
 */
export const checkoutUrl = (id: string, orderId?: string) => withQuery(ROUTES.checkout, orderId ? { id, orderId } : { id })
/**
 * The payment result page of an order; with `qr`, while the order's Native QR
 * code is up there (继续支付 on that page), so a reload shows the QR code again.
 */
export const payResultUrl = (orderId: string, qr = false) => withQuery(ROUTES.payResult, qr ? { orderId, qr: '1' } : { orderId })
/** 我的订单; with `qrOrderId`, while that order's QR code is up (继续支付 there), so a reload shows it again. */
export const ordersUrl = (qrOrderId?: string) => withQuery(ROUTES.orders, qrOrderId ? { qr: qrOrderId } : {})

/** True when `url` (a path with an optional query) is a tab page. */
export function isTabPage(url: string): boolean {
  return (TAB_PAGES as readonly string[]).includes(url.split('?')[0])
}

/** True when `url` (a path with an optional query) needs login. */
export function isProtectedPage(url: string): boolean {
  return (PROTECTED_PAGES as readonly string[]).includes(url.split('?')[0])
}
