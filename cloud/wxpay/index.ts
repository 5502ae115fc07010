/**
 * The WeChat Pay APIv3 protocol core. Pure modules that do not know they run
 * in a cloud object; one role per file, modelled on wechatpay-go.
 */
export * from './aes-gcm-cipher'
export * from './certificates'
export * from './client'
export * from './constants'
export * from './errors'
export * from './messages'
export * from './notify-parser'
export * from './rsa-signer'
export * from './rsa-verifier'
export * from './types'
export * from './validator'
export * from './wechat-pay'
