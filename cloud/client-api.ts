/**
 * The kit's cloud objects as the client sees them: the types the plugin's
 * services are written against. `npm run build:cloud` bundles this module's
 * declarations into uni_modules/wxkit-login-pay/js_sdk/cloud-api.d.ts, so the
 * plugin carries its contract with it and typechecks in any project.
 */
import type { CloudObjectClient } from './shared/cloud-object'
import type DownloadsObject from './objects/downloads'
import type PayObject from './objects/pay'
import type PayAdminObject from './objects/payAdmin'
import type ShopObject from './objects/shop'
import type WeixinLoginObject from './objects/weixinLogin'

export type { CloudObjectClient, KitAuth } from './shared/cloud-object'
export type { RequestPaymentParams } from './wxpay/types'
export type { ProductView } from './catalog/catalog'
export type { BillDiscrepancyView, DayStatus, DiscrepancyKind, ReconciliationDayView } from './merchant/reconciliation-records'

/** `weixinLogin` as the client calls it. */
export type WeixinLoginApi = CloudObjectClient<typeof WeixinLoginObject>
/** `pay` as the client calls it. */
export type PayApi = CloudObjectClient<typeof PayObject>
/** `payAdmin` (the merchant's side) as the client calls it. */
export type PayAdminApi = CloudObjectClient<typeof PayAdminObject>
/** `shop` as the client calls it. */
export type ShopApi = CloudObjectClient<typeof ShopObject>
/** `downloads` as the client calls it. */
export type DownloadsApi = CloudObjectClient<typeof DownloadsObject>
