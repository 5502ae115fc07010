/** An avatar image read for upload (the server stores it in cloud storage). */
export interface AvatarUpload {
  base64: string
  ext: 'png' | 'jpg' | 'jpeg' | 'webp'
}

export const AVATAR_MAX_BYTES = 512 * 1024

function extOf(pathOrType: string): AvatarUpload['ext'] {
  const m = /(png|jpe?g|webp)/i.exec(pathOrType)
  return (m ? m[1].toLowerCase() : 'jpg') as AvatarUpload['ext']
}

/** Read a temp file path (mini program) or blob URL (H5) as base64, refusing oversized files. */
export async function readAvatar(path: string): Promise<AvatarUpload> {
  // #ifdef MP-WEIXIN
  const fs = uni.getFileSystemManager()
  const { size } = fs.statSync(path) as { size: number }
  if (size > AVATAR_MAX_BYTES) throw Object.assign(new Error('avatar too large'), { errCode: 'AVATAR_TOO_LARGE', errMsg: 'avatar too large' })
  return { base64: fs.readFileSync(path, 'base64') as string, ext: extOf(path) }
  // #endif
  // #ifndef MP-WEIXIN
  const blob = await (await fetch(path)).blob()
  if (blob.size > AVATAR_MAX_BYTES) throw Object.assign(new Error('avatar too large'), { errCode: 'AVATAR_TOO_LARGE', errMsg: 'avatar too large' })
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(blob)
  })
  return { base64: dataUrl.slice(dataUrl.indexOf(',') + 1), ext: extOf(blob.type || path) }
  // #endif
}
