/** Where an H5 page runs, which decides how a user can log in and pay. */
export type BrowserKind = 'wechat' | 'mobile' | 'desktop'

/** Classify a browser by its user agent (WeChat's in-app browser says MicroMessenger). */
export function browserKind(userAgent: string): BrowserKind {
  if (/MicroMessenger/i.test(userAgent)) return 'wechat'
  if (/Android|iPhone|iPad|iPod|Mobile|HarmonyOS/i.test(userAgent)) return 'mobile'
  return 'desktop'
}
