import * as v from 'valibot'
import { issueCode } from '../codes'
import { WERUN_DAYS, phoneParts, sealOpenData, weRunStepInfo } from '../open-data'
import type { PhoneButton } from '../state'
import { Times, UserKey, appOf, control, input } from './control-helpers'
import { ControlError, json, type Operation } from './operation'

/**
 * Controls standing in for the phone's open-data APIs: the phone-number
 * buttons (快速验证 getPhoneNumber, 实时验证 getRealtimePhoneNumber) and
 * wx.getWeRunData. They answer what the mini program's callback receives.
 */

/** Client-side failures with the errno WeChat documents (1400001) or that the field reports. */
const BUTTON_FAILURES = {
  /** 额度不足: errno 1400001 (手机号快速验证组件 / 实时验证组件 pages). */
  noQuota: { errMsgSuffix: 'no quota', errno: 1400001 },
  /** Personal or uncertified mini programs: "getPhoneNumber:fail no permission". */
  notCertified: { errMsgSuffix: 'no permission' },
  /** The user closed the sheet. */
  userDeny: { errMsgSuffix: 'user deny' },
  /** Privacy guide not agreed: errno 104. */
  privacy: { errMsgSuffix: 'privacy permission is not authorized', errno: 104 },
} as const

const Button = v.optional(v.picklist(['getPhoneNumber', 'getRealtimePhoneNumber'] as const), 'getPhoneNumber')

/** The open-data controls (phone buttons, WeRun). */
export function openDataControls(): Operation[] {
  return [
    control(
      'POST',
      '/phone/button',
      'tap a phone-number button: the callback detail ({ errMsg, code } or { errMsg, errno }), legacy encryptedData on request',
      ({ core, rawBody }) => {
        const body = input(
          v.object({ user: UserKey, appid: v.optional(v.string()), button: Button, legacy: v.optional(v.boolean()) }),
          rawBody,
        )
        const app = appOf(core, body.appid, core.identity.apps.mp, ['miniProgram'])
        const button: PhoneButton = body.button
        const failures = core.state.phoneButtonFailures
        const failure = failures.find((f) => f.button === 'any' || f.button === button)
        if (failure) {
          failure.remaining -= 1
          if (failure.remaining <= 0) failures.splice(failures.indexOf(failure), 1)
          return json({ errMsg: `${button}:fail ${failure.errMsgSuffix}`, ...(failure.errno === undefined ? {} : { errno: failure.errno }) })
        }
        const user = core.state.user(body.user)
        // A user without a bound number can only close the sheet.
        if (!user.phoneNumber) return json({ errMsg: `${button}:fail user deny` })
        const code = issueCode(core, 'phone', app.appid, user.key)
        if (!body.legacy) return json({ errMsg: `${button}:ok`, code })
        const sealed = sealOpenData(core, app.appid, user.key, phoneParts(user.phoneNumber))
        if (!sealed) throw new ControlError(409, `user ${user.key} has no session under ${app.appid}: log in (jscode2session) first`)
        return json({ errMsg: `${button}:ok`, code, ...sealed })
      },
    ),
    control(
      'POST',
      '/phone/button/fail',
      'arm the next phone-button taps to fail: { reason: noQuota|notCertified|userDeny|privacy } or { errno, errMsg? }',
      ({ core, rawBody }) => {
        const body = input(
          v.object({
            reason: v.optional(v.picklist(Object.keys(BUTTON_FAILURES) as (keyof typeof BUTTON_FAILURES)[])),
            errno: v.optional(v.pipe(v.number(), v.integer())),
            errMsg: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
            button: v.optional(v.picklist(['getPhoneNumber', 'getRealtimePhoneNumber', 'any'] as const), 'any'),
            times: Times,
          }),
          rawBody,
        )
        if ((body.reason === undefined) === (body.errno === undefined)) throw new ControlError(400, 'give exactly one of reason, errno')
        const preset: { errMsgSuffix: string; errno?: number } = body.reason
          ? BUTTON_FAILURES[body.reason]
          : { errMsgSuffix: 'system error', errno: body.errno }
        const failures = core.state.phoneButtonFailures
        const armed = {
          id: (failures.at(-1)?.id ?? 0) + 1,
          button: body.button,
          errMsgSuffix: body.errMsg ?? preset.errMsgSuffix,
          ...(preset.errno === undefined ? {} : { errno: preset.errno }),
          remaining: body.times,
        }
        failures.push(armed)
        return json(armed, 201)
      },
    ),
    control('GET', '/phone/button/fail', 'list armed phone-button failures', ({ core }) => json(core.state.phoneButtonFailures)),
    control('DELETE', '/phone/button/fail', 'disarm every phone-button failure', ({ core }) => {
      core.state.phoneButtonFailures.length = 0
      return json({ cleared: true })
    }),
    control(
      'POST',
      '/werun/data',
      'wx.getWeRunData: { encryptedData, iv } of 31 days of steps under the session_key of the latest login (watermark: a forged one, for tests)',
      ({ core, rawBody }) => {
        const body = input(
          v.object({
            user: UserKey,
            appid: v.optional(v.string()),
            stepInfoList: v.optional(
              v.pipe(
                v.array(v.object({ timestamp: v.pipe(v.number(), v.integer()), step: v.pipe(v.number(), v.integer(), v.minValue(0)) })),
                v.maxLength(WERUN_DAYS),
              ),
            ),
            // Test-only: a forged watermark, to check that a server refuses it.
            watermark: v.optional(v.object({ appid: v.optional(v.pipe(v.string(), v.maxLength(64))), timestamp: v.optional(v.pipe(v.number(), v.integer())) })),
          }),
          rawBody,
        )
        const app = appOf(core, body.appid, core.identity.apps.mp, ['miniProgram'])
        const stepInfoList = body.stepInfoList ?? weRunStepInfo(core, body.user)
        const sealed = sealOpenData(core, app.appid, body.user, { stepInfoList }, undefined, body.watermark)
        if (!sealed) return json({ errMsg: 'getWeRunData:fail please call wx.login first' }, 409)
        return json({ errMsg: 'getWeRunData:ok', ...sealed })
      },
    ),
  ]
}
