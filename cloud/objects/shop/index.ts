import * as v from 'valibot'
import { defineCloudObject } from '../../shared/cloud-object'
import { normaliseAnswer } from '../../shared/lifecycle'
import { parseInput } from '../../shared/validation'
import { getUniCloud } from '../../shared/unicloud'
import * as catalog from '../../catalog/catalog'

const GetProductInput = v.object({ productId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) })

/** The product catalogue: public, no login needed. */
export default defineCloudObject({
  _after(error: unknown, result: unknown) {
    return normaliseAnswer('shop', this.getMethodName(), error, result)
  },

  /** Products on sale. */
  async listProducts() {
    return { products: await catalog.listProducts(getUniCloud().database()) }
  },

  /** One product by id. */
  async getProduct(input: { productId: string }) {
    const { productId } = parseInput(GetProductInput, input)
    return { product: await catalog.getProduct(getUniCloud().database(), productId) }
  },
})
