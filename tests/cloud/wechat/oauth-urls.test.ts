/** The authorize and QR-connect URLs, exactly as WeChat documents them. */
import { describe, expect, it } from 'vitest'
import { oauthAuthorizeUrl } from '../../../cloud/wechat/oauth-urls'

describe('OAuth URLs', () => {
  it('official account: oauth2/authorize with connect_redirect=1 and #wechat_redirect', () => {
    expect(
      oauthAuthorizeUrl({ openBaseUrl: 'https://open.weixin.qq.com', appid: 'wxoa', redirectUri: 'https://h5.example.com/app/', scope: 'snsapi_base', state: '1b.x.y' }),
    ).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wxoa&redirect_uri=https%3A%2F%2Fh5.example.com%2Fapp%2F&response_type=code&scope=snsapi_base&state=1b.x.y&connect_redirect=1#wechat_redirect',
    )
  })

  it('website app: qrconnect with snsapi_login', () => {
    expect(
      oauthAuthorizeUrl({ openBaseUrl: 'http://127.0.0.1:9000', appid: 'wxweb', redirectUri: 'http://localhost:5173/', scope: 'snsapi_login', state: 's' }),
    ).toBe('http://127.0.0.1:9000/connect/qrconnect?appid=wxweb&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2F&response_type=code&scope=snsapi_login&state=s#wechat_redirect')
  })
})
