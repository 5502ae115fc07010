import { defineConfig } from 'vite'
import uni from '@dcloudio/vite-plugin-uni'

// Build with `node scripts/uni.cjs …` (the npm scripts do), which sets the
// absolute input folder uni-app needs.
export default defineConfig({
  plugins: [uni()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
