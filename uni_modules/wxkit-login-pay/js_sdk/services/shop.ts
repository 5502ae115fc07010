import type ShopObject from '../../../../cloud/objects/shop'
import { cloudObject } from './cloud'

/** The product catalogue (public). */
export const shopService = cloudObject<typeof ShopObject>('shop')

export type { ProductView } from '../../../../cloud/catalog/catalog'
