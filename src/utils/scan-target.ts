/**
 * What a scanned code means to the app. Accepted (all open a product):
 *
 *   uniwxkit://product/<id>                       the code on a product's QR image
 *   /src/pages/product/index?id=<id>              a page path (a mini-program code's `path` has no leading /)
 *   https://<host>/#/src/pages/product/index?id=<id>   the H5 page's link (hash router)
 *   https://<host>/src/pages/product/index?id=<id>     the same without the hash
 *
 * Anything else is not ours and gets a message saying so.
 */
import { ROUTES } from '../routes'

/** The product detail page. */
export const PRODUCT_PAGE = ROUTES.product
/** The text a product's QR code holds, before the product id. */
export const PRODUCT_CODE_PREFIX = 'uniwxkit://product/'

const PRODUCT_ID = /^[A-Za-z0-9_-]{1,64}$/

export type ScanTarget = { ok: true; productId: string } | { ok: false; message: string }

/** The navigable path of a product's page. */
export function productPagePath(productId: string): string {
  return `${PRODUCT_PAGE}?id=${encodeURIComponent(productId)}`
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

function product(id: string | null | undefined): ScanTarget {
  const decoded = id == null ? undefined : decode(id)
  if (decoded && PRODUCT_ID.test(decoded)) return { ok: true, productId: decoded }
  return { ok: false, message: '商品码无效，请扫描商品页上的二维码' }
}

/** The product id in a page path with its query (`src/pages/product/index?id=…`), if it is one. */
function fromPagePath(pathWithQuery: string): ScanTarget | undefined {
  const [path, query = ''] = pathWithQuery.split('?', 2)
  if (`/${path.replace(/^\/+/, '')}` !== PRODUCT_PAGE) return undefined
  return product(new URLSearchParams(query).get('id'))
}

/** Interpret the text of a scanned code. */
export function parseScanTarget(raw: string | null | undefined): ScanTarget {
  const text = (raw ?? '').trim()
  if (!text) return { ok: false, message: '没有识别到二维码内容' }
  if (text.toLowerCase().startsWith(PRODUCT_CODE_PREFIX)) {
    return product(text.slice(PRODUCT_CODE_PREFIX.length).split(/[/?#]/, 1)[0])
  }
  if (/^https?:\/\//i.test(text)) {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      return { ok: false, message: '无法识别的链接' }
    }
    const target = (url.hash.startsWith('#/') ? fromPagePath(url.hash.slice(1)) : undefined) ?? fromPagePath(url.pathname + url.search)
    if (target) return target
  } else {
    const target = fromPagePath(text)
    if (target) return target
  }
  return { ok: false, message: '这不是本店的商品码' }
}
