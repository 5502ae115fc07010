/**
 * H5: the page on screen follows the address bar. uni-h5 answers a URL edited
 * by hand (a link pasted into the address bar, a query changed) that names the
 * page already on screen with another query by keeping that page as it was:
 * the address bar says order B while the page shows, and acts on, order A.
 * After each router navigation, a top page whose route is the URL's but whose
 * query is not is replaced by a fresh one for the URL (redirectTo: no new
 * history entry, as the hand edit made none either). A navigation by the app
 * (navigateTo, redirectTo, back) leaves page and URL agreeing: nothing to do.
 */

interface ShownPage {
  route?: string
  options?: Record<string, string | undefined>
}

/** The URL (`/path?query`) to show when the top page disagrees with the address bar's hash, else undefined. */
export function staleAgainstUrl(hash: string, top: ShownPage | undefined): string | undefined {
  const url = hash.replace(/^#/, '')
  const mark = url.indexOf('?')
  const path = mark < 0 ? url : url.slice(0, mark)
  if (!top?.route || `/${top.route}` !== path) return undefined
  const wanted = new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1))
  const shown = top.options ?? {}
  const keys = new Set([...wanted.keys(), ...Object.keys(shown).filter((key) => shown[key] !== undefined)])
  for (const key of keys) {
    if ((wanted.get(key) ?? undefined) !== shown[key]) return url
  }
  return undefined
}

interface RouterLike {
  afterEach(guard: () => void): () => void
}

/**
 * Start following the address bar (H5, once, at launch). `isTabPage` says which
 * paths are tab pages: those are switched to, never redirected to.
 */
export function followAddressBar(isTabPage: (path: string) => boolean): () => void {
  const router = (getApp() as unknown as { $router?: RouterLike } | undefined)?.$router
  if (!router) return () => undefined
  const check = (): void => {
    const pages = getCurrentPages() as unknown as ShownPage[]
    const url = staleAgainstUrl(location.hash, pages[pages.length - 1])
    if (!url || isTabPage(url)) return
    uni.redirectTo({ url })
  }
  // After the page the navigation shows has mounted.
  return router.afterEach(() => void setTimeout(check, 0))
}
