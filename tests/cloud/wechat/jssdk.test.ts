/** JS-SDK signature: golden values, computed here with sha1 over the documented text. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { jsSdkSignature, jsSdkSignatureMessage } from '../../../cloud/wechat/jssdk'

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex')

describe('JS-SDK signature', () => {
  it('matches the worked example of JS-SDK 附录1', () => {
    const input = {
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value',
    }
    const text =
      'jsapi_ticket=sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg' +
      '&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value'
    expect(jsSdkSignatureMessage(input)).toBe(text)
    expect(jsSdkSignature(input)).toBe(sha1(text))
    expect(jsSdkSignature(input)).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed')
  })

  it('drops the fragment, keeps the query raw (not URL-encoded)', () => {
    const input = { ticket: 'T', nonceStr: 'n', timestamp: 1700000000, url: 'https://h5.example.com/app/?a=1&b=中#/pages/mine/index' }
    const text = 'jsapi_ticket=T&noncestr=n&timestamp=1700000000&url=https://h5.example.com/app/?a=1&b=中'
    expect(jsSdkSignatureMessage(input)).toBe(text)
    expect(jsSdkSignature(input)).toBe(sha1(text))
  })
})
