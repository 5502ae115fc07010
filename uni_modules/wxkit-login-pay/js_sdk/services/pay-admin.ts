import type { PayAdminApi } from '../cloud-api'
import { cloudObject } from './cloud'

/** The merchant's side of WeChat Pay (`payAdmin`): every method answers MERCHANT_ONLY to anyone but an operator. */
export const payAdminService = cloudObject<PayAdminApi>('payAdmin')
