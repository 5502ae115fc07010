/**
 * A fresh, minimal uni-app project (Vue 3, the same pinned versions: this
 * repository's node_modules through a symlink) into which the plugin is copied
 * the way a merchant adds it from the plugin market: `uni_modules/wxkit-login-pay/`
 * and nothing else of this repository. Its one page logs in and places an order
 * through `uniCloud.importObject('weixinLogin')` and `importObject('pay')`.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export const PLUGIN_ID = 'wxkit-login-pay'
/** The merchant's own catalogue entry (the kit prices orders from wxkit-products). */
export const PRODUCT = { _id: 'adoption-tea', name: '试用茶包', description: 'adoption test', price: 990, color: '#4caf50', onSale: true, sort: 1 }

// The page: plain JavaScript, as a merchant might write it. The emulator stands
// in for the phone (the wx.login code and the payment), as in `npm run dev`.
const PAGE = `<script setup>
import { ref } from 'vue'

const status = ref('未开始')
const EMULATOR = import.meta.env.VITE_WX_EMULATOR_URL

async function phone(path, body) {
  const res = await fetch(EMULATOR + '/__emulator/v1/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw { errCode: 'EMULATOR_' + res.status }
  return res.json()
}

async function buy() {
  try {
    const weixinLogin = uniCloud.importObject('weixinLogin', { customUI: true })
    const pay = uniCloud.importObject('pay', { customUI: true })
    const { code } = await phone('login/code', { user: 'adopter' })
    const login = await weixinLogin.login({ code })
    // The kit's token travels as the last parameter of every call (not in uni-id's slot).
    const auth = { wxkitAuth: { token: login.accessToken } }
    status.value = '已登录'
    const created = await pay.createOrder({ items: [{ productId: '${PRODUCT._id}', quantity: 2 }], channel: 'miniprogram' }, auth)
    status.value = '待支付'
    await phone('wxpay/pay', { ...created.payment, user: 'adopter' })
    for (let i = 0; i < 100; i++) {
      const { order } = await pay.getOrder({ orderId: created.orderId }, auth)
      if (order.status === 'PAID') {
        status.value = '已支付 ' + (order.amount / 100).toFixed(2)
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    status.value = '支付超时'
  } catch (e) {
    status.value = '失败 ' + ((e && e.errCode) || 'network')
  }
}
</script>

<template>
  <view>
    <button data-test="buy" @click="buy">登录并下单</button>
    <text data-test="status">{{ status }}</text>
  </view>
</template>
`

/** Write the project into `dir` with the plugin copied from `repoRoot`. */
export function createFreshProject(dir: string, repoRoot: string): void {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>
  const files: Record<string, string> = {
    // uni-app finds its platform plugins through the project's declared dependencies.
    'package.json': JSON.stringify({ name: 'fresh-shop', version: '0.0.0', private: true, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies }, null, 2),
    'manifest.json': JSON.stringify({ name: 'fresh-shop', appid: '', versionName: '1.0.0', versionCode: '100', vueVersion: '3', h5: { router: { mode: 'hash', base: './' } } }, null, 2),
    'pages.json': JSON.stringify({ pages: [{ path: 'pages/index/index', style: { navigationBarTitleText: 'fresh shop' } }] }, null, 2),
    'index.html': readFileSync(path.join(repoRoot, 'index.html'), 'utf8').replace('/main.ts', '/main.js'),
    'vite.config.js': `import { defineConfig } from 'vite'\nimport uni from '@dcloudio/vite-plugin-uni'\nexport default defineConfig({ plugins: [uni()] })\n`,
    'main.js': `import { createSSRApp } from 'vue'\nimport App from './App.vue'\nexport function createApp() {\n  return { app: createSSRApp(App) }\n}\n`,
    'App.vue': `<script setup>\nimport { onLaunch } from '@dcloudio/uni-app'\nonLaunch(() => {})\n</script>\n`,
    'pages/index/index.vue': PAGE,
    'uniCloud-aliyun/database/wxkit-products.init_data.json': JSON.stringify([PRODUCT], null, 2),
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
  }
  cpSync(path.join(repoRoot, 'uni_modules', PLUGIN_ID), path.join(dir, 'uni_modules', PLUGIN_ID), { recursive: true })
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
}
