import type { Identity } from './identity'
import type { PayKeyMode } from './wxpay/signing'

/** An app id and secret. */
export interface AppCredentials {
  appid: string
  secret: string
}

/** What a test tool needs to act as WeChat Pay or as the merchant (testing keys only). */
export interface WxpayCredentials {
  mchid: string
  appid: string
  apiV3Key: string
  payKeyMode: PayKeyMode
  merchant: { serialNo: string; privateKey: string; publicKey: string }
  platformPublicKey: { id: string; publicKey: string; privateKey: string }
  platformCertificate: { serialNo: string; certificate: string; privateKey: string }
}

/** The pay credentials plus every simulated app's id and secret. */
export interface WechatCredentials extends WxpayCredentials {
  apps: { mp: AppCredentials; officialAccount: AppCredentials; website: AppCredentials }
}

/** The body of GET /__emulator/v1/wxpay/credentials. */
export function wxpayCredentials(identity: Identity, payKeyMode: PayKeyMode): WxpayCredentials {
  const { merchant, platformPublicKey, platformCertificate, apps } = identity
  return {
    mchid: merchant.mchid,
    appid: apps.mp.appid,
    apiV3Key: merchant.apiV3Key,
    payKeyMode,
    merchant: { serialNo: merchant.serialNo, privateKey: merchant.privateKey, publicKey: merchant.publicKey },
    platformPublicKey: {
      id: platformPublicKey.id,
      publicKey: platformPublicKey.publicKey,
      privateKey: platformPublicKey.privateKey,
    },
    platformCertificate: {
      serialNo: platformCertificate.serialNo,
      certificate: platformCertificate.certificate,
      privateKey: platformCertificate.privateKey,
    },
  }
}

/** App ids and secrets of the simulated apps. */
export function appCredentials(identity: Identity): WechatCredentials['apps'] {
  const pick = (app: { appid: string; secret: string }) => ({ appid: app.appid, secret: app.secret })
  return {
    mp: pick(identity.apps.mp),
    officialAccount: pick(identity.apps.officialAccount),
    website: pick(identity.apps.website),
  }
}

/** The simulated WeChat user who operates the shop in a dev config (log in as this user). */
export const DEV_OPERATOR = 'merchant'

/**
 * The cloud objects' config (shape of the plugin's config.example.json)
 * pointing every endpoint at the emulator and the notify URLs at the cloud
 * runtime; its merchant operator is the simulated user DEV_OPERATOR, by the
 * identities it logs in with (`openid(appid, user)`: the emulator's openids).
 */
export function buildDevConfig(
  identity: Identity,
  payKeyMode: PayKeyMode,
  args: { emulatorUrl: string; runtimeUrl: string },
  openid: (appid: string, userKey: string) => string,
): object {
  const { apps, merchant, platformPublicKey, cloud } = identity
  const emulatorUrl = args.emulatorUrl.replace(/\/+$/, '')
  const runtimeUrl = args.runtimeUrl.replace(/\/+$/, '')
  return {
    mp: { appId: apps.mp.appid, appSecret: apps.mp.secret },
    officialAccount: { appId: apps.officialAccount.appid, appSecret: apps.officialAccount.secret },
    website: { appId: apps.website.appid, appSecret: apps.website.secret },
    token: { secret: cloud.tokenSecret, accessTtlSeconds: 7200, refreshTtlSeconds: 2592000 },
    sessionKeyEncryptionKey: cloud.sessionKeyEncryptionKey,
    wxpay: {
      mchId: merchant.mchid,
      appId: apps.mp.appid,
      apiV3Key: merchant.apiV3Key,
      merchantSerialNo: merchant.serialNo,
      merchantPrivateKey: merchant.privateKey,
      ...(payKeyMode === 'certificate'
        ? {}
        : { publicKeyId: platformPublicKey.id, publicKey: platformPublicKey.publicKey }),
      notifyUrl: `${runtimeUrl}/pay/notify`,
      refundNotifyUrl: `${runtimeUrl}/pay/refundNotify`,
    },
    // The kit's defaults (cloud/shared/config.ts), spelled out so the dev config has the example's shape.
    orderLimits: { maxUnpaidPerUser: 10, createPerUserPerMinute: 10 },
    // The simulated merchant's name on receipts (an app's own config replaces it) and its operator.
    merchant: {
      name: '模拟商户',
      operators: [apps.mp, apps.website].map((app) => ({ appid: app.appid, openid: openid(app.appid, DEV_OPERATOR), name: '演示店长' })),
    },
    endpoints: { weixinApi: emulatorUrl, weixinOpen: emulatorUrl, wxpayApi: emulatorUrl },
  }
}
