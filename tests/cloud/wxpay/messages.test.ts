import { describe, expect, it } from 'vitest'
import {
  buildAuthorization,
  buildPaySignMessage,
  buildRequestMessage,
  buildResponseMessage,
} from '../../../cloud/wxpay/messages'

// Golden texts, written out literally: a change in any byte must fail here.
describe('wxpay messages', () => {
  it('builds the request message for a POST with its exact body', () => {
    const body = '{"appid":"wxd678efh567hg6787","mchid":"1230000109","amount":{"total":100,"currency":"CNY"}}'
    expect(
      buildRequestMessage({
        method: 'POST',
        pathWithQuery: '/v3/pay/transactions/jsapi',
        timestamp: 1554208460,
        nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
        body,
      }),
    ).toBe(
      'POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n' +
        '{"appid":"wxd678efh567hg6787","mchid":"1230000109","amount":{"total":100,"currency":"CNY"}}\n',
    )
  })

  it('builds the request message for a GET with the query and an empty body line', () => {
    expect(
      buildRequestMessage({
        method: 'get',
        pathWithQuery: '/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=1230000109',
        timestamp: '1554208460',
        nonce: 'N1',
      }),
    ).toBe('GET\n/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=1230000109\n1554208460\nN1\n\n')
  })

  it('builds the response / notify message over the raw body, untouched', () => {
    const raw = '{ "id":"EV-2018022511223320873",\n  "resource": {"ciphertext":"abc"} }'
    expect(buildResponseMessage({ timestamp: 1554209980, nonce: 'c5ac7061fccab6bf3e254dcf98995b8c', body: raw })).toBe(
      '1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{ "id":"EV-2018022511223320873",\n  "resource": {"ciphertext":"abc"} }\n',
    )
    expect(buildResponseMessage({ timestamp: 1, nonce: 'n', body: '' })).toBe('1\nn\n\n')
  })

  it('builds the requestPayment paySign message', () => {
    expect(
      buildPaySignMessage({
        appId: 'wx8888888888888888',
        timeStamp: '1414561699',
        nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
        package: 'prepay_id=wx201410272009395522657a690389285100',
      }),
    ).toBe('wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n')
  })

  it('builds the Authorization header value', () => {
    expect(
      buildAuthorization({
        mchId: '1900009191',
        nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
        signature: 'uOVRnA4qG/MNnYzdQxJanN+zU+lTgIcnU9BxGw5dKjK+VdEUz2FeIoC+D5sB/LN+nGzX3hfZg6r5wT1pl2ZobmIc6p0ldN7J6yDgUzbX8Uk3sD4a4eZVPTBvqNDoUqcYMlZ9uuDdCvNv4TM3c1WzsXUrExwVkI1XO5jCNbgDJ25nkT/c1gIFvqoogl7MdSFGc4W4xZsqCItnqbypR3RuGIlR9h9vlRsy7zJR9PBI83X8alLDIfR1ukt1P7tMnmogZ0cuDY8cZsd8ZlCgLadmvej58SLsIkVxFJ8XyUgx9FmutKSYTmYtWBZ0+tNvfGmbXU7cob8H/4nLBiCwIUFluw==',
        timestamp: 1554208460,
        serialNo: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
      }),
    ).toBe(
      'WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",' +
        'signature="uOVRnA4qG/MNnYzdQxJanN+zU+lTgIcnU9BxGw5dKjK+VdEUz2FeIoC+D5sB/LN+nGzX3hfZg6r5wT1pl2ZobmIc6p0ldN7J6yDgUzbX8Uk3sD4a4eZVPTBvqNDoUqcYMlZ9uuDdCvNv4TM3c1WzsXUrExwVkI1XO5jCNbgDJ25nkT/c1gIFvqoogl7MdSFGc4W4xZsqCItnqbypR3RuGIlR9h9vlRsy7zJR9PBI83X8alLDIfR1ukt1P7tMnmogZ0cuDY8cZsd8ZlCgLadmvej58SLsIkVxFJ8XyUgx9FmutKSYTmYtWBZ0+tNvfGmbXU7cob8H/4nLBiCwIUFluw==",' +
        'timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"',
    )
  })
})
