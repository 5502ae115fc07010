import { getUniCloud } from '../shared/unicloud'
import type { FileStore } from './generated-files'

/** uniCloud's server-side storage API as the files' FileStore (a cloud object's; tests pass their own). */
export function cloudFileStore(): FileStore {
  const uniCloud = getUniCloud()
  return {
    async upload(cloudPath, content) {
      return (await uniCloud.uploadFile({ cloudPath, fileContent: content })).fileID
    },
    async tempUrl(fileID) {
      const { fileList } = await uniCloud.getTempFileURL({ fileList: [fileID] })
      return fileList[0]?.tempFileURL ?? ''
    },
    async remove(fileID) {
      await uniCloud.deleteFile({ fileList: [fileID] })
    },
  }
}
