/* global program, describe, it, expect */
// The shell: the home page shows products fetched through the real uniCloud
// SDK from the local runtime, and the 我的 tab opens.

describe('tab bar pages', () => {
  it('home page renders products from a cloud call', async () => {
    const page = await program.reLaunch('/src/pages/index/index')
    await page.waitFor(async () => (await page.$$('.product')).length > 0, 20000)
    const products = await page.$$('.product')
    expect(products.length).toBe(4) // seed data: 4 products on sale, 1 retired
    const first = await products[0].$('.name')
    expect(await first.text()).toBe('云南小粒咖啡豆 250g')
    const price = await products[0].$('.price')
    expect(await price.text()).toBe('¥68.00')
  })

  it('the 我的 tab opens', async () => {
    const page = await program.switchTab('/src/pages/mine/index')
    expect(page.path).toBe('src/pages/mine/index')
    await page.waitFor('.profile', 10000)
    const nickname = await page.$('.nickname')
    expect(await nickname.text()).toBeTruthy()
  })
})
