// ESM entry: re-exports the CommonJS implementation.
import cjs from './cloudfront.cjs'
export const { CloudFrontKey, CloudFrontPublicKey, CloudFrontSigner, CloudFrontVerifier, buildPolicy, epochSeconds } = cjs
export default cjs
