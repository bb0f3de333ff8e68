// Compiled with `tsc --noEmit`: the provider declarations describe the real API.
import { CloudFrontSigner, CloudFrontVerifier, CloudFrontKey, buildPolicy, type CloudFrontCookies } from 'aura-sign/cloudfront'
import { MuxSigner, MuxVerifier, MuxPublicKey, type MuxTokenName } from 'aura-sign/mux'
import { ImgixClient, ImgixVerifier } from 'aura-sign/imgix'
import { EdgeAuthSigner, EdgeAuthVerifier, type EdgeAuthClaims } from 'aura-sign/akamai'

export function providers(pem: string): void {
  const cf = new CloudFrontSigner({ keyPairId: 'K', privateKey: pem, hashAlgorithm: 'SHA256', style: 'aws-js' })
  const url: string = cf.getSignedUrl({ url: 'https://d.cloudfront.net/a', dateLessThan: new Date(), now: 1 })
  const cookies: CloudFrontCookies = cf.getSignedCookies({ policy: '{}' })
  const prepared = cf.prepareUrl({ url: 'https://d.cloudfront.net/a', dateLessThan: '2026-01-01', ipAddress: '1.2.3.4/32' })
  const finished = prepared.finish(new Uint8Array(256)).url
  const cf2 = new CloudFrontSigner(CloudFrontKey.fromPem(pem, 'K'), { style: 'botocore' })
  const access = new CloudFrontVerifier([cf, cf2.publicKey()]).verifyUrl(url, { clientIp: '1.2.3.4', allowSha1: false })
  buildPolicy('https://d.cloudfront.net/*', { dateLessThan: 1 }, 'botocore')

  const mux = new MuxSigner({ keyId: 'k', keySecret: pem })
  const one: string = mux.signPlaybackId('p', { type: 'thumbnail', expiration: '1h', params: { time: 3 } })
  const many: Partial<Record<MuxTokenName, string>> = mux.signPlaybackId('p', { type: ['video', ['gif', { fps: 5 }]] })
  const counts: string = mux.signViewerCounts('v', { type: 'live_stream', expiration: 60 }) + mux.signDrmLicense('p')
  new MuxVerifier([mux, MuxPublicKey.fromAny(pem, 'k')]).verifyPlayback(one, 'p', { type: 'thumbnail', leeway: 5 })

  const ix = new ImgixClient({ domain: 'a.imgix.net', secureURLToken: 't', style: 'python', useHTTPS: true })
  const src: string = ix.buildURL('/a.jpg', { w: 100, auto: 'format', flip: true }) + ix.buildSrcSet('/a.jpg', {}, { widths: [100, 200], devicePixelRatios: [1, 2] })
  const verified: number | null = new ImgixVerifier(['t']).verify(src).expires

  const ak = new EdgeAuthSigner('abcd', { algorithm: 'sha1' })
  const token: string = ak.urlToken('/a', { windowSeconds: 60, escapeEarly: true, style: 'node' }) + ak.aclToken(['/a/*', '/b'], { startTime: 'now', endTime: 2 })
  const claims: EdgeAuthClaims = new EdgeAuthVerifier('abcd', { algorithm: 'sha1', salt: 's' }).verifyAcl(token, '/a/x', { viewerIp: '1.2.3.4' })
  void [cookies, finished, access.policy, many, counts, verified, claims.expires]
}

import { BunnySigner, BunnyVerifier, type BunnyToken } from 'aura-sign/bunny'
export function bunny(key: string): BunnyToken {
  const url: string = new BunnySigner(key).signUrl('https://z.b-cdn.net/a', { style: 'php', isDirectory: true, speedLimit: 5, expiresAt: 2 })
  return new BunnyVerifier([key]).verify(url, { viewerIp: '1.2.3.4', viewerCountry: 'DE', now: 1 })
}
