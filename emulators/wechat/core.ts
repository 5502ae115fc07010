import { CallLog } from './call-log'
import { EmulatorClock } from './clock'
import { FaultRegistry } from './faults'
import type { AppIdentity, Identity } from './identity'
import { Scheduler } from './scheduler'
import { EmulatorState } from './state'
import { Notifier } from './wxpay/notifier'
import type { WxpayRules } from './wxpay/rules'
import { signingKey, type PayKeyMode, type SigningKey } from './wxpay/signing'

/** Options the core needs, already defaulted. */
export interface CoreOptions {
  timeFactor: number
  payKeyMode: PayKeyMode
  notifyTimeoutMs: number
  now: () => number
  log?: (line: string) => void
  /** WeChat Pay rule strictness overrides (defaults in wxpay/rules.ts). */
  wxpayRules?: Partial<WxpayRules>
}

/** Everything the operations share: identity, state, clocks, faults, log, notifier. */
export class EmulatorCore {
  readonly clock: EmulatorClock
  readonly scheduler: Scheduler
  readonly state: EmulatorState
  readonly faults = new FaultRegistry()
  readonly log: CallLog
  readonly notifier: Notifier

  constructor(
    readonly identity: Identity,
    readonly options: CoreOptions,
  ) {
    this.clock = new EmulatorClock(options.now)
    this.scheduler = new Scheduler(this.clock)
    this.state = new EmulatorState(identity, options.wxpayRules)
    this.log = new CallLog(options.log)
    this.notifier = new Notifier({
      identity,
      clock: this.clock,
      scheduler: this.scheduler,
      faults: this.faults,
      log: this.log,
      timeFactor: options.timeFactor,
      payKeyMode: options.payKeyMode,
      answerTimeoutMs: options.notifyTimeoutMs,
    })
  }

  /** All simulated apps. */
  apps(): AppIdentity[] {
    const { mp, officialAccount, website } = this.identity.apps
    return [mp, officialAccount, website]
  }

  /** The app with this appid. */
  app(appid: string | undefined | null): AppIdentity | undefined {
    return this.apps().find((app) => app.appid === appid)
  }

  /** Appids bound to the merchant (all simulated apps). */
  boundAppids(): string[] {
    return this.apps().map((app) => app.appid)
  }

  /** The key API responses are signed with: the public key unless in certificate mode. */
  responseKey(): SigningKey {
    return signingKey(this.identity, this.options.payKeyMode === 'certificate' ? 'certificate' : 'publicKey')
  }

  /** Scale a duration of the production schedule by timeFactor. */
  scaled(seconds: number): number {
    return seconds * 1000 * this.options.timeFactor
  }

  /** Wipe runtime state, faults, log, pending work and the clock offset; keep the identity. */
  reset(): void {
    this.scheduler.cancelAll()
    this.notifier.abortAll()
    this.notifier.clear()
    this.state.reset()
    this.faults.clear()
    this.log.clear()
    this.clock.reset()
  }
}
