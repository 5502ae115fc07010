import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROUTES, TAB_PAGES, checkoutUrl, isProtectedPage, isTabPage, ordersUrl, payResultUrl, productUrl } from '../../src/routes'

/** pages.json's pages, main package and subpackages, as `/path`. */
function pagesOfPagesJson(): { pages: string[]; tabs: string[] } {
  const json = JSON.parse(readFileSync('pages.json', 'utf8')) as {
    pages: Array<{ path: string }>
    subPackages: Array<{ root: string; pages: Array<{ path: string }> }>
    tabBar: { list: Array<{ pagePath: string }> }
  }
  const pages = [...json.pages.map((p) => `/${p.path}`), ...json.subPackages.flatMap((s) => s.pages.map((p) => `/${s.root}/${p.path}`))]
  return { pages, tabs: json.tabBar.list.map((t) => `/${t.pagePath}`) }
}

describe('routes', () => {
  it('names exactly the pages of pages.json, and its tab pages', () => {
    const { pages, tabs } = pagesOfPagesJson()
    expect(Object.values(ROUTES).sort()).toEqual([...pages].sort())
    expect([...TAB_PAGES]).toEqual(tabs)
  })

  it('builds page URLs with encoded queries', () => {
    expect(productUrl('p 1')).toBe('/src/pages/product/index?id=p%201')
    expect(checkoutUrl('p-mug')).toBe('/src/pages/checkout/index?id=p-mug')
    expect(checkoutUrl('p-mug', 'o 1')).toBe('/src/pages/checkout/index?id=p-mug&orderId=o%201')
    expect(payResultUrl('o/1')).toBe('/src/pages/pay-result/index?orderId=o%2F1')
    expect(payResultUrl('o1', true)).toBe('/src/pages/pay-result/index?orderId=o1&qr=1')
    expect(ordersUrl()).toBe('/src/pages/orders/index')
    expect(ordersUrl('o 1')).toBe('/src/pages/orders/index?qr=o%201')
  })

  it('tells tab and protected pages, ignoring the query', () => {
    expect(isTabPage(`${ROUTES.mine}?x=1`)).toBe(true)
    expect(isTabPage(ROUTES.orders)).toBe(false)
    expect(isProtectedPage(`${ROUTES.orders}?status=PAID`)).toBe(true)
    expect(isProtectedPage(ROUTES.product)).toBe(false)
    // The result page shows an order: logged out, it asks for login instead of polling in vain.
    expect(isProtectedPage(payResultUrl('o1'))).toBe(true)
  })
})
