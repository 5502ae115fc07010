// Types of the plugin's easycom components for vue-tsc (uni-app registers the
// components themselves: uni_modules/<id>/components/<name>/<name>.vue).
declare module 'vue' {
  export interface GlobalComponents {
    WxkitLoginPanel: (typeof import('./components/wxkit-login-panel/wxkit-login-panel.vue'))['default']
    WxkitPayQrcode: (typeof import('./components/wxkit-pay-qrcode/wxkit-pay-qrcode.vue'))['default']
    WxkitPrivacySheet: (typeof import('./components/wxkit-privacy-sheet/wxkit-privacy-sheet.vue'))['default']
  }
}

export {}
