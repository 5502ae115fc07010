import { createSSRApp } from 'vue'
import * as Pinia from 'pinia'
import App from './App.vue'
import { configureWxkit } from './uni_modules/wxkit-login-pay/js_sdk/app-config'
import { ROUTES, isProtectedPage, isTabPage } from './src/routes'

// The kit learns the demo shop's pages here; it names none of its own.
configureWxkit({ homePage: ROUTES.home, isProtectedPage, isTabPage })

export function createApp() {
  const app = createSSRApp(App)
  app.use(Pinia.createPinia())
  return { app, Pinia }
}
