/**
 * The URLs the browser is sent to for WeChat web login (网页授权):
 * inside the WeChat browser, the official account's oauth2/authorize
 * (snsapi_base / snsapi_userinfo, with `connect_redirect=1` against the known
 * Android double redirect); on a desktop browser, the website app's QR page
 * (qrconnect, snsapi_login). Both end with `#wechat_redirect`.
 */

/** Inputs of an authorize / qrconnect URL. */
export interface OAuthUrlInput {
  /** `endpoints.weixinOpen`, without a trailing slash. */
  openBaseUrl: string
  appid: string
  redirectUri: string
  scope: 'snsapi_base' | 'snsapi_userinfo' | 'snsapi_login'
  state: string
}

/** The URL to send the browser to. Parameters in WeChat's documented order. */
export function oauthAuthorizeUrl({ openBaseUrl, appid, redirectUri, scope, state }: OAuthUrlInput): string {
  const query = [
    `appid=${encodeURIComponent(appid)}`,
    `redirect_uri=${encodeURIComponent(redirectUri)}`,
    'response_type=code',
    `scope=${scope}`,
    `state=${encodeURIComponent(state)}`,
  ]
  if (scope === 'snsapi_login') return `${openBaseUrl}/connect/qrconnect?${query.join('&')}#wechat_redirect`
  return `${openBaseUrl}/connect/oauth2/authorize?${query.join('&')}&connect_redirect=1#wechat_redirect`
}
