import type { PayAdminApi } from '../cloud-api'
import { cloudObject } from './cloud'

/** The merchant's side of WeChat Pay (`payAdmin`): every method answers MERCHANT_ONLY to anyone but an operator. */
export const payAdminService = cloudObject<PayAdminApi>('payAdmin')

type Answer<M extends keyof PayAdminApi> = Awaited<ReturnType<PayAdminApi[M]>>

/** The console's filters and search (the order list and the export). */
export type ConsoleOrderFilters = NonNullable<Parameters<PayAdminApi['exportOrders']>[0]>
/** A page of the console's order list. */
export type ConsoleOrderPage = Answer<'listOrders'>
/** One row of it. */
export type ConsoleOrderRow = ConsoleOrderPage['orders'][number]
/** An order in full, as the console's detail page shows it. */
export type ConsoleOrderDetail = Answer<'getOrderDetail'>['order']
/** The console's overview. */
export type ConsoleOverview = Answer<'overview'>
/** A refund as the merchant sees it. */
export type MerchantRefund = Answer<'getRefund'>['refund']
/** An order as the shipping methods answer it. */
export type ShippingOrder = Answer<'listShippingFailures'>['orders'][number]
/** A carrier of the shipment form. */
export type DeliveryCompany = Answer<'deliveryCompanies'>['companies'][number]
