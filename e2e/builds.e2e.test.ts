import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// Both production builds must carry static/ (the tab bar icons). With a
// relative UNI_INPUT_DIR the CLI silently drops it, which is why
// scripts/uni.cjs passes an absolute path.
const root = path.resolve(__dirname, '..')
const pages = JSON.parse(readFileSync(path.join(root, 'pages.json'), 'utf8')) as {
  tabBar: { list: Array<{ iconPath: string; selectedIconPath: string }> }
}
const icons = pages.tabBar.list.flatMap((item) => [item.iconPath, item.selectedIconPath])

describe('static assets reach both builds', () => {
  it.each(['h5', 'mp-weixin'])('%s has every tab bar icon', (platform) => {
    for (const icon of icons) {
      const file = path.join(root, 'dist/build', platform, icon)
      expect(existsSync(file), `${platform}: ${icon}`).toBe(true)
      expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG')
    }
  })

  it('mp-weixin app.json declares the tab bar with 首页 and 我的', () => {
    const app = JSON.parse(readFileSync(path.join(root, 'dist/build/mp-weixin/app.json'), 'utf8'))
    expect(app.tabBar.list.map((item: { text: string }) => item.text)).toEqual(['首页', '我的'])
  })
})

describe('the merchant console in the mini-program build', () => {
  const mp = path.join(root, 'dist/build/mp-weixin')
  const consoleRoot = 'uni_modules/wxkit-login-pay/pages/console'

  it('is a subpackage of its own, and uCharts is inside it, not in the main package', () => {
    const app = JSON.parse(readFileSync(path.join(mp, 'app.json'), 'utf8')) as { subPackages: Array<{ root: string; pages: string[] }> }
    const sub = app.subPackages.find((s) => s.root === consoleRoot)
    expect(sub?.pages.sort()).toEqual(['order/order', 'orders/orders', 'overview/overview', 'queues/queues', 'reconciliation/reconciliation'])
    const chart = readFileSync(path.join(mp, consoleRoot, 'vendor/u-charts.js'), 'utf8')
    expect(chart).toContain('[uCharts]')
    // The library's own error text is in the subpackage's copy and nowhere in the main package's vendor chunk.
    expect(readFileSync(path.join(mp, 'common/vendor.js'), 'utf8')).not.toContain('[uCharts]')
  })
})
