/** How the app hands over a downloaded file: documents are opened, images saved to the album. */
export type FileKind = 'document' | 'image'

// The types uni.openDocument opens in WeChat, and images saveImageToPhotosAlbum accepts.
const DOCUMENTS = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx']
const IMAGES = ['png', 'jpg', 'jpeg', 'gif', 'webp']

/** The lower-case type of a file: the declared type, else the file name's extension. */
export function fileTypeOf(fileName: string, declared?: string): string {
  if (declared) return declared.toLowerCase().replace(/^\./, '')
  const match = /\.([A-Za-z0-9]+)$/.exec(fileName)
  return match ? match[1].toLowerCase() : ''
}

/** What to do with a file of this type; undefined when the app cannot handle it. */
export function fileKindOf(fileType: string): FileKind | undefined {
  if (DOCUMENTS.includes(fileType)) return 'document'
  if (IMAGES.includes(fileType)) return 'image'
  return undefined
}
