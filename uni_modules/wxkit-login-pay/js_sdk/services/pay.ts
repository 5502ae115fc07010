import type { PayApi } from '../cloud-api'
import { cloudObject } from './cloud'

/** The pay cloud object, typed from its source. */
export const payService = cloudObject<PayApi>('pay')

export type CreateOrderAnswer = Awaited<ReturnType<typeof payService.createOrder>>
export type OrderView = Awaited<ReturnType<typeof payService.getOrder>>['order']
export type OrderStatus = OrderView['status']
