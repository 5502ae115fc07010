import { describe, expect, it } from 'vitest'
import { parseScanTarget, productPagePath } from '../../../src/utils/scan-target'

describe('parseScanTarget', () => {
  it.each([
    ['uniwxkit://product/p-mug', 'p-mug'],
    ['UNIWXKIT://product/p-mug', 'p-mug'],
    ['uniwxkit://product/p-mug?from=poster', 'p-mug'],
    ['  uniwxkit://product/p-coffee-beans\n', 'p-coffee-beans'],
    ['/src/pages/product/index?id=p-mug', 'p-mug'],
    ['src/pages/product/index?id=p-mug&scene=1011', 'p-mug'],
    ['https://shop.example.com/#/src/pages/product/index?id=p-mug', 'p-mug'],
    ['http://127.0.0.1:5180/#/src/pages/product/index?id=p-drip-bags', 'p-drip-bags'],
    ['https://shop.example.com/app/src/pages/product/index?id=p-mug', undefined],
    ['https://shop.example.com/src/pages/product/index?id=p-mug', 'p-mug'],
    ['uniwxkit://product/p%2Dmug', 'p-mug'],
  ])('%j → %s', (text, productId) => {
    const target = parseScanTarget(text)
    if (productId) expect(target).toEqual({ ok: true, productId })
    else expect(target.ok).toBe(false)
  })

  it.each([
    ['', '没有识别到二维码内容'],
    ['   ', '没有识别到二维码内容'],
    ['hello world', '这不是本店的商品码'],
    ['https://example.com/promo', '这不是本店的商品码'],
    ['/src/pages/orders/index', '这不是本店的商品码'],
    ['uniwxkit://order/123', '这不是本店的商品码'],
    ['uniwxkit://product/', '商品码无效，请扫描商品页上的二维码'],
    ['uniwxkit://product/../../etc', '商品码无效，请扫描商品页上的二维码'],
    ['/src/pages/product/index', '商品码无效，请扫描商品页上的二维码'],
    ['/src/pages/product/index?id=%E0%A4%A', '商品码无效，请扫描商品页上的二维码'],
    ['6901234567892', '这不是本店的商品码'],
  ])('%j is refused with a clear message', (text, message) => {
    expect(parseScanTarget(text)).toEqual({ ok: false, message })
  })

  it('round-trips the page path', () => {
    expect(parseScanTarget(productPagePath('p-mug'))).toEqual({ ok: true, productId: 'p-mug' })
  })
})
