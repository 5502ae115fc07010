import { defineConfig, type Plugin } from 'vite'
import uni from '@dcloudio/vite-plugin-uni'

/**
 * uni-h5 adds Aliyun's face-verification web SDK as a render-blocking <script>
 * in <head> whenever the bundle mentions getFacialRecognitionMetaInfo, which the
 * uniCloud client SDK always does. This kit does not use face verification, so
 * the third-party script is removed: pages no longer wait on an outside host
 * (and offline runs no longer stall on it).
 */
function dropUnusedFaceVerificationSdk(): Plugin {
  return {
    name: 'uni-wx-kit:drop-face-verification-sdk',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<script[^>]+src="https:\/\/[^"]*aliyun-cloudauth[^"]*"[^>]*><\/script>\s*/g, ''),
    },
  }
}

/**
 * Dependencies the pages import that Vite's dev server would otherwise only
 * discover when a page first loads them (uqr when the checkout first shows a
 * QR code, weixin-js-sdk when the product page first shares): each late
 * discovery re-optimises and reloads every open tab. Pre-bundled at start-up,
 * they cannot. `tests/vite-config.test.ts` keeps this list in step with the
 * bare imports of src/ and the kit's js_sdk/ and components/.
 */
const PREBUNDLED_DEPENDENCIES = ['uqr', 'weixin-js-sdk']

// Build with `node scripts/uni.cjs …` (the npm scripts do), which sets the
// absolute input folder uni-app needs.
export default defineConfig({
  plugins: [uni(), dropUnusedFaceVerificationSdk()],
  optimizeDeps: { include: PREBUNDLED_DEPENDENCIES },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
