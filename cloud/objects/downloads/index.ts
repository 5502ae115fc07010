import * as v from 'valibot'
import { defineCloudObject, kitTokenOf } from '../../shared/cloud-object'
import { getConfig } from '../../shared/config'
import { normaliseAnswer } from '../../shared/lifecycle'
import { getUniCloud } from '../../shared/unicloud'
import { parseInput } from '../../shared/validation'
import * as catalog from '../../catalog/catalog'
import { systemEnv } from '../../shared/env'
import type { GeneratedFileDeps } from '../../files/generated-files'
import { cloudFileStore } from '../../files/cloud-store'
import { manualFor, productCodeFor, productFiles } from '../../files/manuals'
import { receiptFor, type DownloadTarget } from '../../files/receipts'
import { authenticateCall, callerOf } from '../../login/caller'

/**
 * Files to download from cloud storage: the receipt of a paid order (login
 * required, the caller's own orders only), product manuals and product QR
 * codes (public). Each method answers a temporary URL (`getTempFileURL`) plus
 * the file's name and type; the files are generated on first request (see
 * cloud/files/generated-files.ts). Storage paths carry a random name, so a
 * receipt's URL cannot be guessed from its order number.
 */

const NAME = 'downloads'
/** Methods that need a valid access token. */
const AUTHENTICATED = new Set(['receiptUrl'])

const OrderIdInput = v.object({ orderId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) })
const ProductIdInput = v.object({ productId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)) })

function fileDeps(): GeneratedFileDeps {
  return { db: getUniCloud().database(), store: cloudFileStore(), env: systemEnv }
}

export default defineCloudObject({
  async _before() {
    if (!AUTHENTICATED.has(this.getMethodName())) return
    const deps = { db: getUniCloud().database(), token: getConfig(['token']).token, env: systemEnv }
    await authenticateCall(this, deps, kitTokenOf(this))
  },

  _after(error: unknown, result: unknown) {
    return normaliseAnswer(NAME, this.getMethodName(), error, result)
  },

  /** The receipt (PDF) of one of the caller's paid orders. */
  async receiptUrl(input: { orderId: string }): Promise<DownloadTarget> {
    const { orderId } = parseInput(OrderIdInput, input)
    const issuer = { merchantName: getConfig(['merchant']).merchant.name }
    return receiptFor(fileDeps(), issuer, callerOf(this).userId, orderId)
  },

  /** Which files a product offers (the product page shows a button for each). */
  async productFiles(input: { productId: string }): Promise<{ manual: boolean; code: boolean }> {
    const { productId } = parseInput(ProductIdInput, input)
    await catalog.getProduct(getUniCloud().database(), productId)
    return productFiles(productId)
  },

  /** A product's manual (PDF); FILE_NOT_FOUND when it has none. */
  async manualUrl(input: { productId: string }): Promise<DownloadTarget> {
    const { productId } = parseInput(ProductIdInput, input)
    await catalog.getProduct(getUniCloud().database(), productId)
    return manualFor(fileDeps(), productId)
  },

  /** A product's QR code (PNG), which the app's 扫一扫 opens. */
  async productCodeUrl(input: { productId: string }): Promise<DownloadTarget> {
    const { productId } = parseInput(ProductIdInput, input)
    await catalog.getProduct(getUniCloud().database(), productId)
    return productCodeFor(fileDeps(), productId)
  },
})
