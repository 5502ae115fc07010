import { watch } from 'vue'
// #ifdef H5
import { browserKind } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/browser'
import { wechatJsSdk } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/jssdk'
import { ROUTES } from '../routes'
// #endif

/** What a page shares. */
export interface ShareContent {
  title: string
  /** The page path with its leading slash, e.g. /src/pages/product/index. */
  path: string
  /** The query that reopens the same content, e.g. id=p-mug. */
  query: string
  /** Shown under the title where the platform has room (H5 share cards). */
  desc?: string
  /** An absolute image URL; without one WeChat uses a screenshot of the page. */
  imageUrl?: string
}

/** What `onShareAppMessage` answers. */
export interface AppMessageShare {
  title: string
  path: string
  imageUrl?: string
}

/** What `onShareTimeline` answers (Moments reopen the current page with `query`). */
export interface TimelineShare {
  title: string
  query: string
  imageUrl?: string
}

const FALLBACK_TITLE = 'uni-wx-kit'

/**
 * Sharing for one page, the one place that branches on platform for it:
 *   mini program  → the page registers the answers below with onShareAppMessage /
 *                   onShareTimeline (the hooks must be written in the page itself:
 *                   uni-app enables the share menu only for pages whose source names them);
 *   WeChat browser → the JS-SDK's updateAppMessageShareData / updateTimelineShareData,
 *                   configured through weixinLogin.getJsSdkConfig whenever the content changes;
 *   other browsers → nothing to do.
 *
 *   const share = useShare(() => product.value && { title: …, path: PRODUCT_PAGE, query: `id=…` })
 *   onShareAppMessage(() => share.appMessage())
 *   onShareTimeline(() => share.timeline())
 */
export function useShare(content: () => ShareContent | undefined | null | false) {
  function current(): ShareContent | undefined {
    return content() || undefined
  }

  /** The chat share of the current content (the app's home when nothing is loaded yet). */
  function appMessage(): AppMessageShare {
    const c = current()
    if (!c) return { title: FALLBACK_TITLE, path: ROUTES.home }
    return { title: c.title, path: c.query ? `${c.path}?${c.query}` : c.path, ...(c.imageUrl ? { imageUrl: c.imageUrl } : {}) }
  }

  /** The Moments share of the current content. */
  function timeline(): TimelineShare {
    const c = current()
    if (!c) return { title: FALLBACK_TITLE, query: '' }
    return { title: c.title, query: c.query, ...(c.imageUrl ? { imageUrl: c.imageUrl } : {}) }
  }

  // #ifdef H5
  /** The link a share card opens: this app's H5 page for the content (hash router). */
  function link(c: ShareContent): string {
    return `${location.origin}${location.pathname}#${c.path}${c.query ? `?${c.query}` : ''}`
  }

  async function configureWechatShare(c: ShareContent): Promise<void> {
    const wx = await wechatJsSdk()
    const data = { title: c.title, desc: c.desc ?? '', link: link(c), imgUrl: c.imageUrl ?? '' }
    wx.updateAppMessageShareData({ ...data, success: () => undefined })
    wx.updateTimelineShareData({ title: data.title, link: data.link, imgUrl: data.imgUrl, success: () => undefined })
  }

  if (browserKind(navigator.userAgent) === 'wechat') {
    watch(
      () => current(),
      (c) => {
        // Sharing is an extra: a failed configuration leaves WeChat's default share in place.
        if (c) configureWechatShare(c).catch(() => undefined)
      },
      { immediate: true },
    )
  }
  // #endif

  return { appMessage, timeline }
}
