import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { UCHARTS_COPY, UCHARTS_SOURCE, vendoredCopyIsCurrent } from '../../scripts/vendor-ucharts'

describe('the console’s copy of uCharts', () => {
  it('is the pinned @qiun/ucharts file, byte for byte, licence header included', () => {
    const pinned = (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@qiun/ucharts']
    expect(pinned).toMatch(/^\d+\.\d+\.\d+-\d{8}$/)
    expect(readFileSync(UCHARTS_SOURCE, 'utf8')).toContain(`version:"v${pinned}"`)
    expect(vendoredCopyIsCurrent()).toBe(true)
    expect(readFileSync(UCHARTS_COPY, 'utf8')).toContain('Licensed ( http://www.apache.org/licenses/LICENSE-2.0 )')
  })
})
