import forge from 'node-forge'

/**
 * A self-signed X.509 certificate standing in for a WeChat Pay platform
 * certificate. Clearly marked as an emulator testing certificate.
 */
export function createPlatformCertificate(args: {
  privateKeyPem: string
  publicKeyPem: string
  serialHex: string
  notBefore: Date
  notAfter: Date
}): string {
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(args.publicKeyPem)
  cert.serialNumber = args.serialHex.toLowerCase()
  cert.validity.notBefore = args.notBefore
  cert.validity.notAfter = args.notAfter
  const attrs = [
    { shortName: 'C', value: 'CN' },
    { shortName: 'O', value: 'WeChat emulator (testing only)' },
    { shortName: 'OU', value: 'Tenpay.com emulator' },
    { shortName: 'CN', value: 'Tenpay.com platform certificate (testing only)' },
  ]
  cert.setSubject(attrs)
  cert.setIssuer(attrs)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, keyEncipherment: true },
  ])
  cert.sign(forge.pki.privateKeyFromPem(args.privateKeyPem), forge.md.sha256.create())
  return forge.pki.certificateToPem(cert)
}
