import { createSSRApp } from 'vue'
import * as Pinia from 'pinia'
import App from './App.vue'
import { configureWxkit } from './uni_modules/wxkit-login-pay/js_sdk/app-config'
import { ROUTES, isProtectedPage, isTabPage } from './src/routes'
// #ifdef H5
import { captureOAuthReturn } from './uni_modules/wxkit-login-pay/js_sdk/platform/h5-oauth'
import { pageMaxWidthMixin } from './uni_modules/wxkit-login-pay/js_sdk/platform/h5-page-width'
// #endif

// The kit learns the demo shop's pages here; it names none of its own.
configureWxkit({ homePage: ROUTES.home, isProtectedPage, isTabPage })

// #ifdef H5
// Before the router reads the address bar: a return from WeChat's OAuth page brings code, state
// and WeChat's #wechat_redirect fragment, which is no page of this app.
captureOAuthReturn()
// #endif

export function createApp() {
  const app = createSSRApp(App)
  // #ifdef H5
  // The merchant console is wider than the buyer's column on a desktop (its pages' style.h5.maxWidth).
  app.mixin(pageMaxWidthMixin)
  // #endif
  app.use(Pinia.createPinia())
  return { app, Pinia }
}
