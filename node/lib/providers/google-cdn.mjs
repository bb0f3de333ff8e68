// ESM entry: re-exports the CommonJS implementation.
import cjs from './google-cdn.cjs'
export const { CloudCdnSigner, CloudCdnVerifier, MediaCdnSigner, MediaCdnVerifier, MediaCdnTokenSigner, MediaCdnTokenVerifier } = cjs
export default cjs
