import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type MiniProgram } from './runtime'
import type { PrivacyOptions } from './runtime/privacy'
import { mpLocator } from './support/locator'
import { freshWechatUser } from './support/users'

describe('files in the mini program: downloadFile, openDocument, the album', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })

  async function productPage(privacy?: PrivacyOptions): Promise<MiniProgram> {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user: await freshWechatUser(), path: 'src/pages/product/index', query: { id: 'p-mug' }, privacy })
    clients.push(mp)
    await mp.page.waitFor('product-files')
    return mp
  }

  it('使用说明书 → 下载 fetches the PDF from cloud storage and opens it as a document', async () => {
    const mp = await productPage()
    await mp.page.tap({ text: '下载' })
    await mp.page.waitFor({ test: 'download-status', text: '已打开文档' })
    expect(mp.native.documentsOpened).toHaveLength(1)
    const [doc] = mp.native.documentsOpened
    expect(doc.fileType).toBe('pdf')
    expect(Buffer.from(doc.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    expect(mp.errors).toEqual([])
  })

  it("商品二维码 → 保存 is privacy-gated: the kit's sheet on the product page asks first, then the image is saved", async () => {
    const mp = await productPage()
    await mp.page.tap({ text: '保存' })
    await mp.waitFor(() => mp.privacy.pending.length === 1)
    expect(mp.privacy.pending[0]).toMatchObject({ via: 'listener' })
    expect((await mp.page.waitFor('privacy-sheet')).text()).toContain('使用保存图片到相册前')
    await mp.page.tap('privacy-agree')
    await mp.page.waitFor({ test: 'download-status', text: '已保存到相册' })
    expect(mp.native.album).toHaveLength(1)
    expect(Buffer.from(mp.native.album[0].bytes.subarray(1, 4)).toString('latin1')).toBe('PNG')
    expect(mp.privacy.violations).toEqual([])
  })

  it('refusing consent in the sheet saves nothing and says why (not the album-permission message)', async () => {
    const mp = await productPage()
    await mp.page.tap({ text: '保存' })
    await mp.page.waitFor('privacy-sheet')
    await mp.page.tap('privacy-disagree')
    await mp.page.waitFor({ test: 'download-status', text: '需同意隐私保护指引后才能保存图片' })
    // Too long for a toast, the page says it in a one-button modal (useFeedback); never the album modal offering 去设置.
    expect(mp.native.modal).toMatchObject({ title: '提示', content: '需同意隐私保护指引后才能保存图片', showCancel: false })
    expect(mp.native.album).toHaveLength(0)
  })

  it('refusing the album permission ends in the app\'s own message, after it offers the settings page', async () => {
    const mp = await productPage({ agreed: true })
    mp.native.permissionAnswers.set('scope.writePhotosAlbum', false)
    await mp.page.tap({ text: '保存' })
    await mp.waitFor(() => mp.native.modal !== undefined)
    expect(mp.native.modal).toMatchObject({ title: '需要相册权限', confirmText: '去设置' })
    await mp.answerModal('暂不')
    await mp.page.waitFor({ test: 'download-status', text: '未获得相册权限，图片未保存' })
    expect(mp.native.album).toHaveLength(0)
  })
})
