// Compiled with `tsc --noEmit` by the test script: the declarations describe the real API.
import { AuraImage, buildServeUrl, parseSize, AuraError, signImagesUrl, StreamKey, StreamSigner, verifyStreamToken, jwt, JwtKey, UploadFromUrlError, RemoteError } from 'aura-sign'
import { verifyUploadToken, checkServeToken, MAX_SERVE_TTL_SEC } from 'aura-sign/server'
import { Cloudflare, Secret, verifyImagesUrl, type ImageDetails, type SigningKeyRemoval } from 'aura-sign/cloudflare'

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
  const jwk = JwtKey.fromJwk({ kty: 'oct', k: 'x'.repeat(43) })
  const { header: jwsHeader, payload: jwsPayload }: { header: Record<string, unknown>; payload: Uint8Array } = jwt.verifyCompact(jwt.signCompact('{"alg":"HS256"}', new Uint8Array([1]), jwk), [jwk], { algorithms: ['HS256'] })
  const http = new AuraImage({ secretKey: 'sk', projectName: 'p', cdnUrl: 'http://127.0.0.1:8787', fetch: globalThis.fetch, timeout: 5000 })
  const uploaded = await http.upload(new Uint8Array([1]), { name: 'n', filename: 'n.jpg', contentType: 'image/jpeg', overwrite: true })
  const fromBlob = await http.upload(new Blob([new Uint8Array([1])], { type: 'image/png' }), { visibility: 'private' })
  const { visibility } = await http.setVisibility(uploaded.name, 'private')
  try {
    await http.uploadFromUrl('https://example.com/cat.jpg', { maxSize: '5mb', timeout: 1000, name: fromBlob.name })
  } catch (err) {
    if (err instanceof UploadFromUrlError) {
      const detail: string = `${err.kind} ${err.url} ${err.status ?? ''} ${err.code} ${visibility ?? ''}`
      void detail
    }
    if (err instanceof RemoteError) console.log(err.status, err.codes)
  }
  const cf = new Cloudflare({ accountId: 'a', apiToken: 't', baseUrl: 'http://127.0.0.1:4010', timeout: 1000, sleep: async () => {} })
  const { key: imagesKey, action } = await cf.ensureSigningKey('prod', { adopt: true, delete: false })
  const image: ImageDetails = await cf.setImageRequireSignedUrls('img', true)
  const signedImage = signImagesUrl(`https://imagedelivery.net/h/${image.id}/public`, imagesKey.value, { expiresIn: 600 })
  verifyImagesUrl(signedImage, [imagesKey.value, 'other'])
  const secretText: string = imagesKey.value.expose() + action + new Secret('x').expose()
  const created = await cf.createStreamKey()
  const video = await cf.setVideoRequireSignedUrls('v', true)
  const streamToken = new StreamSigner(created).sign(video.uid) + created.signer({ style: 'go-jose' }).sign('v')
  verifyStreamToken(streamToken, created.key, { videoId: video.uid })
  const fromApi: Secret = await cf.streamToken('v', { signingKey: created, exp: 2, downloadable: true, accessRules: [{ type: 'any', action: 'block' }] })
  const removal: SigningKeyRemoval = await cf.removeSigningKey('prod', { delete: true })
  if (removal.outcome === 'deleted') console.log(removal.remaining.length)
  const revoked: string | null = await cf.revokeStreamKey(created.id)
  const listed = (await cf.listStreamKeys()).map((k) => k.keyId ?? k.id)
  void [secretText, fromApi, revoked, listed, await cf.listImagesKeys(), await cf.videoDetails('v'), await cf.imageDetails('i')]
  try {
    void claims
  } catch (err) {
    if (err instanceof AuraError) console.log(err.code)
  }
}
void main
