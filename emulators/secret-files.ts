/**
 * Files that hold keys or secrets on the developer's disk (the cloud config,
 * the locator with the space's client secret): mode 0600 in folders only the
 * owner can enter (0700), also when an older run left them looser. A file is
 * written under a temporary name created 0600 and renamed into place, so its
 * contents are never readable by others, not even for a moment.
 */
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** Mode of a file holding a key or secret. */
export const SECRET_FILE_MODE = 0o600
/** Mode of a folder holding such files. */
export const PRIVATE_DIR_MODE = 0o700

/** Create a folder (and missing parents) only the owner can enter; an existing one is tightened. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  chmodSync(dir, PRIVATE_DIR_MODE)
}

/**
 * Write a file holding a key or secret, mode 0600. Missing folders are created
 * 0700; an existing folder is left as it is (it may be shared, like /tmp):
 * callers tighten the folders they own with `ensurePrivateDir`.
 */
export function writeSecretFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE })
  const temporary = `${file}.${process.pid}.tmp`
  rmSync(temporary, { force: true })
  try {
    writeFileSync(temporary, text, { mode: SECRET_FILE_MODE, flag: 'wx' })
    // The umask can only take bits away; chmod makes the mode exact whatever it is.
    chmodSync(temporary, SECRET_FILE_MODE)
    renameSync(temporary, file)
  } finally {
    rmSync(temporary, { force: true })
  }
}
