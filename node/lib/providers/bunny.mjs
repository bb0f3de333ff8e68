// ESM entry: re-exports the CommonJS implementation.
import cjs from './bunny.cjs'
export const { BunnySigner, BunnyVerifier } = cjs
export default cjs
