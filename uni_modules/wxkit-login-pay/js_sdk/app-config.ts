/**
 * What the kit needs to know about the app it is added to: its page paths are
 * the app's business, so the app tells the kit once, in main.ts:
 *
 *   configureWxkit({ homePage: ROUTES.home, isProtectedPage })
 *
 * Nothing in the plugin names a page of its own.
 */
export interface WxkitAppConfig {
  /** Where to go when there is nowhere better (no page on the stack, an OAuth return without a saved page). */
  homePage: string
  /** Pages that need login: `useLoginGate().navigateTo` opens the login panel first. */
  isProtectedPage: (url: string) => boolean
  /** Pages of the tab bar: a return to one of them uses switchTab. */
  isTabPage: (url: string) => boolean
}

let current: WxkitAppConfig = {
  homePage: '/pages/index/index',
  isProtectedPage: () => false,
  isTabPage: () => false,
}

/** Tell the kit about the app (call once, before the app mounts). */
export function configureWxkit(config: Partial<WxkitAppConfig>): void {
  current = { ...current, ...config }
}

/** The app configuration the kit was given. */
export function wxkitAppConfig(): WxkitAppConfig {
  return current
}
