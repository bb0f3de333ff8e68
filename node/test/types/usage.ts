// Compiled with `tsc --noEmit` by the test script: the declarations describe the real API.
import { AuraImage, buildServeUrl, parseSize, AuraError, signImagesUrl, StreamKey, StreamSigner, verifyStreamToken, jwt, JwtKey } from 'aura-sign'
import { verifyUploadToken, checkServeToken, MAX_SERVE_TTL_SEC } from 'aura-sign/server'

async function main(): Promise<void> {
  const aura = new AuraImage({ secretKey: 'sk', projectName: 'p', serveSecret: 'psk', cdnUrl: 'https://cdn.example' })
  const token: string = await aura.signUpload({ maxSize: '10mb', visibility: 'private' })
  const url: string = aura.getSignedUrlSync('photo', { expiresIn: 600, now: 1 })
  const payload = await verifyUploadToken(token, async (project: string) => [project])
  const served = await checkServeToken(url.split('?token=')[1], 'psk', { project: 'p', name: 'photo' })
  const size: number = parseSize('30mb') + MAX_SERVE_TTL_SEC + served.exp + (payload?.maxSize ?? 0)
  buildServeUrl({ cdnUrl: 'https://cdn.example', project: 'p', name: 'n', width: size, fit: 'cover' })
  signImagesUrl('https://imagedelivery.net/h/i/public', 'k', { expiresIn: 60, mode: 'worker' })
  const key = StreamKey.fromAny('…', { keyId: 'k' })
  const signer = new StreamSigner(key, { style: 'go-jose' })
  const claims = verifyStreamToken(signer.sign('v', { accessRules: [{ type: 'any', action: 'allow' }] }), key, { videoId: null })
  jwt.verify(jwt.sign({ a: 1 }, JwtKey.hmac('x'.repeat(32))), [JwtKey.hmac('x'.repeat(32))], { algorithms: ['HS256'] })
  try {
    void claims
  } catch (err) {
    if (err instanceof AuraError) console.log(err.code)
  }
}
void main
