import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { deliveryKindOf, type Product } from '../catalog/catalog'
import { orderCommands, type OrderItem } from './orders'
import { COLLECTIONS } from '../shared/collections'

/**
 * Server-side pricing: every amount comes from the product catalogue, in
 * integer fen, never from the client. Products must be on sale.
 */

export const MAX_ORDER_LINES = 20
export const MAX_LINE_QUANTITY = 99
/** WeChat Pay's limit on `description`. */
export const DESCRIPTION_MAX_LENGTH = 127

/** What the client asks for: a product and how many. */
export interface CartLine {
  productId: string
  quantity: number
}

/** A priced cart. */
export interface PricedCart {
  items: OrderItem[]
  /** Integer fen. */
  amount: number
  description: string
}

function invalid(message: string): CloudError {
  return new CloudError('PARAM_INVALID', message)
}

/** Check the shape the object's schema already checked, so the domain is safe on its own. */
function checkLines(lines: readonly CartLine[]): void {
  if (lines.length < 1 || lines.length > MAX_ORDER_LINES) throw invalid(`an order has 1 to ${MAX_ORDER_LINES} lines`)
  const seen = new Set<string>()
  for (const line of lines) {
    if (typeof line.productId !== 'string' || line.productId === '') throw invalid('invalid parameter: productId')
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      throw invalid(`quantity must be an integer from 1 to ${MAX_LINE_QUANTITY}`)
    }
    if (seen.has(line.productId)) throw invalid('each product may appear on one line only')
    seen.add(line.productId)
  }
}

/**
 * Cut `text` to at most `max` UTF-16 code units (the wxpay client's measure)
 * without splitting a surrogate pair, marking a cut with `…`.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text
  let out = ''
  for (const char of text) {
    if (out.length + char.length > max - 1) break
    out += char
  }
  return `${out}…`
}

/** The order description WeChat Pay shows the payer: `name ×2、name`, at most 127 characters. */
export function describeItems(items: readonly OrderItem[]): string {
  const text = items.map((item) => (item.quantity > 1 ? `${item.name} ×${item.quantity}` : item.name)).join('、')
  return truncateText(text, DESCRIPTION_MAX_LENGTH)
}

/**
 * Price the cart from the catalogue. PRODUCT_NOT_FOUND when a product does
 * not exist or is not on sale; PARAM_INVALID for a malformed cart.
 */
export async function priceCart(db: Database, lines: readonly CartLine[]): Promise<PricedCart> {
  checkLines(lines)
  const ids = lines.map((line) => line.productId)
  const { data } = await db
    .collection<Product>(COLLECTIONS.products)
    .where({ _id: orderCommands(db).in(ids), onSale: true })
    .limit(MAX_ORDER_LINES)
    .get()
  const products = new Map(data.map((product) => [product._id, product]))
  const items: OrderItem[] = []
  let amount = 0
  for (const line of lines) {
    const product = products.get(line.productId)
    if (!product) throw new CloudError('PRODUCT_NOT_FOUND', 'product not found', { productId: line.productId })
    // A float or string price in the catalogue is a data error, not something to round.
    if (!Number.isSafeInteger(product.price) || product.price <= 0) {
      throw new CloudError('INTERNAL_ERROR', 'product price is not a positive integer of fen')
    }
    amount += product.price * line.quantity
    items.push({ productId: product._id, name: product.name, price: product.price, quantity: line.quantity, delivery: deliveryKindOf(product) })
  }
  if (!Number.isSafeInteger(amount)) throw invalid('order amount out of range')
  return { items, amount, description: describeItems(items) }
}
