import { wxkitAppConfig } from '../app-config'

/** The current page as a navigable path with its query, e.g. "/pages/product/index?id=1" (the app's home page when none). */
export function currentPagePath(): string {
  const pages = getCurrentPages()
  const page = pages[pages.length - 1] as { route?: string; options?: Record<string, string> } | undefined
  if (!page?.route) return wxkitAppConfig().homePage
  const query = Object.entries(page.options ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
  return `/${page.route}${query ? `?${query}` : ''}`
}
