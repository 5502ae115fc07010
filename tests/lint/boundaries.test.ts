import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The import boundaries of eslint.config.mjs, held to their word: each case
 * lints one import as if it stood in the named file.
 */
const eslint = new ESLint({ cwd: process.cwd() })

async function restricted(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${code}\nexport {}\n`, { filePath })
  return result.messages.some((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
}

describe('import boundaries', () => {
  it.each([
    ['cloud/wxpay/x.ts', "import { a } from '../login/users'\nvoid a", true],
    ['cloud/wxpay/x.ts', "import { a } from '../shared/errors'\nvoid a", false],
    ['cloud/wechat/x.ts', "import { a } from '../pay/orders'\nvoid a", true],
    ['cloud/shared/x.ts', "import { a } from '../login/users'\nvoid a", true],
    ['cloud/formats/x.ts', "import { a } from '../shared/errors'\nvoid a", true],
    ['cloud/login/x.ts', "import { a } from '../wechat/client'\nvoid a", false],
    ['cloud/login/x.ts', "import { a } from '../pay/orders'\nvoid a", true],
    ['cloud/pay/x.ts', "import { a } from '../wxpay/client'\nvoid a", false],
    ['cloud/pay/x.ts', "import { a } from '../../emulators/start'\nvoid a", true],
    ['cloud/objects/pay/x.ts', "import { a } from '../../../emulators/start'\nvoid a", true],
    ['src/pages/x.ts', "import { a } from '../../cloud/pay/payments'\nvoid a", true],
    ['src/pages/x.ts', "import type { A } from '../../cloud/pay/payments'\nexport type B = A", false],
    ['emulators/unicloud/x.ts', "import { a } from '../../cloud/shared/errors'\nvoid a", true],
    ['emulators/unicloud/x.ts', "import type { A } from '../../cloud/shared/cloud-object'\nexport type B = A", false],
    ['emulators/wechat/x.ts', "import type { A } from '../../cloud/wxpay/types'\nexport type B = A", true],
  ])('%s: %s → restricted %s', async (file, code, expected) => {
    expect(await restricted(file, code)).toBe(expected)
  })
})
