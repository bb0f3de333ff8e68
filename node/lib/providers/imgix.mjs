// ESM entry: re-exports the CommonJS implementation.
import cjs from './imgix.cjs'
export const { ImgixClient, ImgixVerifier } = cjs
export default cjs
