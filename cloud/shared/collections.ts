/**
 * Every database collection the kit uses. All carry the prefix `wxkit-`, so a
 * merchant's own `users`, `orders` or `products` in the same space are never
 * touched. The plugin's `uniCloud/database/` holds a schema (and indexes) for
 * each; a test keeps the two lists equal.
 */
export const COLLECTION_PREFIX = 'wxkit-'

export const COLLECTIONS = {
  users: 'wxkit-users',
  sessions: 'wxkit-sessions',
  sessionKeys: 'wxkit-session-keys',
  loginCodes: 'wxkit-login-codes',
  credentials: 'wxkit-credentials',
  rateLimits: 'wxkit-rate-limits',
  products: 'wxkit-products',
  orders: 'wxkit-orders',
  refunds: 'wxkit-refunds',
  deliveries: 'wxkit-deliveries',
  files: 'wxkit-files',
  reconciliations: 'wxkit-reconciliations',
  billDiscrepancies: 'wxkit-bill-discrepancies',
} as const
