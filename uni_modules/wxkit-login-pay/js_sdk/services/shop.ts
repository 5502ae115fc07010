import type { ShopApi } from '../cloud-api'
import { cloudObject } from './cloud'

/** The product catalogue (public). */
export const shopService = cloudObject<ShopApi>('shop')

export type { ProductView } from '../cloud-api'
