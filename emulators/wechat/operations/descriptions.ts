import { operationKey, type Operation } from './operation'

/**
 * One-line descriptions for the index page of operations registered without
 * an inline `description` (kept here so their files need not change). New
 * operations carry `description` themselves; the index test fails for any
 * control or page that has neither.
 */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  'GET /sns/jscode2session': 'wx.login code → { session_key, openid, unionid? }; rotates the session_key',
  'POST /cgi-bin/stable_token': 'stable access_token (same while valid; force_refresh limited)',
  'GET /cgi-bin/token': 'classic access_token (revokes the previous one)',
  'POST /wxa/business/getuserphonenumber': 'phone code (quick or real-time button) → phone_info with watermark',
  'GET /wxa/checksession': 'check hmac_sha256(session_key, "") against the current session_key',
  'GET /sns/oauth2/access_token': 'web OAuth code → access_token, refresh_token, openid, unionid?',
  'GET /sns/oauth2/refresh_token': 'refresh a web OAuth access_token',
  'GET /sns/userinfo': 'profile of a snsapi_userinfo / snsapi_login grant',
  'GET /sns/auth': 'check a web OAuth access_token',
  'GET /cgi-bin/ticket/getticket': 'JS-SDK jsapi / wx_card ticket',
  'GET /connect/oauth2/authorize': 'official-account web OAuth (consent page for snsapi_userinfo)',
  'POST /__emulator/open/oauth2/confirm': 'form target of the consent page',
  'GET /connect/qrconnect': 'website QR login (a page standing in for scanning and confirming)',
  'POST /__emulator/open/qrconnect/confirm': 'form target of the QR-login page',
  'POST /v3/pay/transactions/jsapi': 'JSAPI / mini-program order → prepay_id',
  'POST /v3/pay/transactions/h5': 'H5 order → h5_url (the emulator cashier)',
  'POST /v3/pay/transactions/native': 'Native order → code_url',
  'GET /v3/pay/transactions/out-trade-no/{out_trade_no}': 'query an order by out_trade_no',
  'GET /v3/pay/transactions/id/{transaction_id}': 'query an order by transaction_id',
  'POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close': 'close an unpaid order',
  'POST /v3/refund/domestic/refunds': 'refund, partial or full (limits: 50 per order, 1 year, 60 s apart; settles after 1 s × timeFactor with a notify)',
  'GET /v3/bill/tradebill': 'trade bill of a day → { hash_type, hash_value, download_url } (ready after 10:00 Beijing time next day)',
  'GET /v3/billdownload/file': 'the bill file behind download_url (gzip with tartype=gzip; not signed)',
  'POST /__emulator/v1/wxpay/orders/{out_trade_no}/late-payment': 'the payer pays a trade the merchant closed or superseded (the close/payment race)',
  'GET /__emulator/v1/wxpay/rules': 'WeChat Pay rule strictness (close minimum age, refund spacing)',
  'PUT /__emulator/v1/wxpay/rules': 'set the rule strictness { closeMinAgeSeconds?, refundMinIntervalSeconds? }',
  'GET /__emulator/v1/wxpay/bills/{bill_date}': 'what the bill of a day holds (rows, discrepancies, csv) without downloading it',
  'POST /__emulator/v1/wxpay/bills/{bill_date}/discrepancies': 'plant a discrepancy in a day\'s bill (amount, missing, unknownTrade, summary)',
  'GET /v3/refund/domestic/refunds/{out_refund_no}': 'query a refund',
  'GET /v3/certificates': 'platform certificates, encrypted with the APIv3 key',
  'GET /__emulator/cashier/h5': 'the cashier page an h5_url opens (?prepay_id=…)',
  'GET /__emulator/cashier/native': 'stands for scanning a code_url (?pr=… or ?code_url=…)',
  'POST /__emulator/cashier/pay': 'form target of the cashier pages',
  'GET /__emulator/avatar/{user}.svg': 'the default headimgurl of a simulated user',
  'GET /__emulator/v1': 'JSON index: mode, timeFactor, every operation',
  'GET /__emulator/v1/apps': 'app ids and secrets',
  'GET /__emulator/v1/wxpay/credentials': 'merchant and WeChat Pay keys (testing keys)',
  'POST /__emulator/v1/login/code': 'a wx.login code { user, appid? }',
  'POST /__emulator/v1/oauth/code': 'a web OAuth code without the browser { user, appid?, scope? }',
  'GET /__emulator/v1/users/{user}': 'a simulated user and their openid per app',
  'PUT /__emulator/v1/users/{user}': 'set unionid (true = generated), phoneNumber (null = none), nickname, headimgurl',
  'POST /__emulator/v1/phone/code': 'a getPhoneNumber code { user, appid?, phoneNumber? } (409 without a phone)',
  'PUT /__emulator/v1/browser': 'the default user of the OAuth and cashier pages',
  'POST /__emulator/v1/jssdk/verify': 'what wx.config checks: the JS-SDK signature',
  'POST /__emulator/v1/wxpay/pay': 'the user pays: wx.requestPayment parameters',
  'POST /__emulator/v1/wxpay/cashier': 'pay an h5_url or code_url as if confirmed on the cashier',
  'GET /__emulator/v1/wxpay/orders': 'every WeChat Pay order',
  'GET /__emulator/v1/wxpay/refunds': 'every refund',
  'GET /__emulator/v1/wxpay/notifies': 'every notify and its deliveries',
  'POST /__emulator/v1/wxpay/notifies/flush': 'run pending retries and settlements now',
  'GET /__emulator/v1/faults': 'armed faults',
  'POST /__emulator/v1/faults': 'arm a fault on an endpoint, the notifies or the refunds',
  'DELETE /__emulator/v1/faults': 'disarm every fault',
  'GET /__emulator/v1/log': 'the call and notify log as JSON (?since=seq); HTML at /__emulator/log',
  'POST /__emulator/v1/reset': 'wipe runtime state, faults, log, clock offset; keep keys',
  'GET /__emulator/v1/clock': 'the emulator clock',
  'POST /__emulator/v1/clock/advance': 'advance business time { seconds }, running due retries',
}

/** The one-line description of an operation, if it has one. */
export function describe(op: Operation): string | undefined {
  return op.description ?? DESCRIPTIONS[operationKey(op)]
}
