import { formatBeijingTime } from '../clock'
import { AES_GCM_ALGORITHM } from '../constants'
import { aesGcmEncrypt } from '../crypto/aes-gcm-cipher'
import { randomAlnum } from '../random'
import { json, type Operation } from './operation'

/** GET /v3/certificates: the platform certificate, encrypted with the APIv3 key (AAD "certificate"). */
export const wxpayCertificateOperations: Operation[] = [
  {
    method: 'GET',
    path: '/v3/certificates',
    host: 'wxpayApi',
    handle({ core }) {
      const { platformCertificate, merchant } = core.identity
      const nonce = randomAlnum(12)
      return json({
        data: [
          {
            serial_no: platformCertificate.serialNo,
            effective_time: formatBeijingTime(Date.parse(platformCertificate.effectiveTime)),
            expire_time: formatBeijingTime(Date.parse(platformCertificate.expireTime)),
            encrypt_certificate: {
              algorithm: AES_GCM_ALGORITHM,
              nonce,
              associated_data: 'certificate',
              ciphertext: aesGcmEncrypt(merchant.apiV3Key, nonce, 'certificate', platformCertificate.certificate),
            },
          },
        ],
      })
    },
  },
]
