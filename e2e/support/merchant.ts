import { DEV_OPERATOR } from '../../emulators/start'
import { loginCode } from '../../tests/helpers/login'
import { invokeCloud, type CloudAnswer } from './cloud'
import { e2eLocator } from './locator'

/** The access token of the shop's operator (the emulator user DEV_OPERATOR), logged in as the mini program would. */
export async function merchantToken(): Promise<string> {
  const code = await loginCode(e2eLocator().emulatorUrl, DEV_OPERATOR)
  const answer = await invokeCloud('weixinLogin', 'login', [{ code }])
  if (answer.errCode !== 0) throw new Error(`login of ${DEV_OPERATOR}: ${String(answer.errCode)}`)
  return answer.accessToken as string
}

/** Call a payAdmin method as the operator; throws unless it answers errCode 0. */
export async function asMerchant(method: string, input: object): Promise<CloudAnswer> {
  const answer = await invokeCloud('payAdmin', method, [input], { token: await merchantToken() })
  if (answer.errCode !== 0) throw new Error(`payAdmin.${method}: ${String(answer.errCode)} ${answer.errMsg ?? ''}`)
  return answer
}
