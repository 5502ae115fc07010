import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { COLLECTIONS } from '../shared/collections'

/**
 * How a product reaches the buyer, which decides its WeChat shipping upload
 * (logistics_type): virtual goods are uploaded by themselves once delivered;
 * express, same-city and pickup wait for the merchant.
 */
export const DELIVERY_KINDS = ['virtual', 'express', 'same-city', 'pickup'] as const
export type DeliveryKind = (typeof DELIVERY_KINDS)[number]
/** What a product without (or with an unknown) `delivery` is: the merchant ships it. */
export const DEFAULT_DELIVERY_KIND: DeliveryKind = 'express'

/** A product as the catalogue stores it. Prices are integer fen. */
export interface Product {
  _id: string
  name: string
  description: string
  price: number
  /** Tile colour shown in place of a photo (keeps the package free of images). */
  color: string
  onSale: boolean
  sort: number
  /** Absent: DEFAULT_DELIVERY_KIND. */
  delivery?: DeliveryKind
}

/** The product's delivery kind; anything the catalogue holds that is not one counts as the default. */
export function deliveryKindOf(product: Pick<Product, 'delivery'>): DeliveryKind {
  return (DELIVERY_KINDS as readonly unknown[]).includes(product.delivery) ? (product.delivery as DeliveryKind) : DEFAULT_DELIVERY_KIND
}

/** What the client sees of a product. */
export type ProductView = Pick<Product, 'name' | 'description' | 'price' | 'color'> & { productId: string }

const COLLECTION = COLLECTIONS.products

function toView(p: Product): ProductView {
  return { productId: p._id, name: p.name, description: p.description, price: p.price, color: p.color }
}

/** Products on sale, in catalogue order. */
export async function listProducts(db: Database): Promise<ProductView[]> {
  const { data } = await db.collection<Product>(COLLECTION).where({ onSale: true }).orderBy('sort', 'asc').limit(100).get()
  return data.map(toView)
}

/** One product on sale, or PRODUCT_NOT_FOUND. */
export async function getProduct(db: Database, productId: string): Promise<ProductView> {
  const { data } = await db.collection<Product>(COLLECTION).where({ _id: productId, onSale: true }).limit(1).get()
  if (!data[0]) throw new CloudError('PRODUCT_NOT_FOUND', 'product not found')
  return toView(data[0])
}
