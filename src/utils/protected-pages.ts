/** Pages that need a logged-in user: navigating to them opens the login panel first. */
export const PROTECTED_PAGES = ['/src/pages/profile/index', '/src/pages/orders/index', '/src/pages/checkout/index']

/** True when `url` (path with optional query) is a protected page. */
export function isProtectedPage(url: string): boolean {
  return PROTECTED_PAGES.includes(url.split('?')[0])
}
