// tests/vectors/imgix.json through aura-sign/imgix, case for case as
// crates/aura-core/tests/vectors_imgix.rs: buildURL/buildSrcSet cases
// through the js style, create_url/create_srcset through the python style,
// byte for byte or refused by rule; the constructors' domain check; the
// verifier on every signed URL reproduced; then properties and redaction.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inspect, format } from 'node:util'

import { ImgixClient, ImgixVerifier } from 'aura-sign/imgix'
import { InvalidInput } from 'aura-sign'
import { Tally, PASS, load } from '../testkit/helpers.mjs'

const jsTruthy = (v) => Boolean(v)

/** Not expressible through a JavaScript API (a JS number has no int/float distinction). */
const NOT_APPLICABLE = {
  'py-url-055': 'the Python SDK writes the float 2.0 as "2.0"; JSON.parse (and any JS caller) hands the integer 2, written "2"',
}

function srcsetOptions(i) {
  const o = i.srcset ?? {}
  const get = (k) => (o[k] === null ? undefined : o[k])
  return {
    disablePathEncoding: jsTruthy(i.disable_path_encoding),
    widths: get('widths'),
    minWidth: get('min_width'),
    maxWidth: get('max_width'),
    widthTolerance: get('width_tolerance'),
    devicePixelRatios: get('device_pixel_ratios'),
    variableQualities: get('variable_qualities'),
    disableVariableQuality: jsTruthy(get('disable_variable_quality')),
  }
}

function run(kind, i) {
  const client = new ImgixClient({
    domain: i.domain,
    secureURLToken: typeof i.sign_key === 'string' ? i.sign_key : undefined,
    useHTTPS: typeof i.use_https === 'boolean' ? i.use_https : true,
    includeLibraryParam: typeof i.include_library_param === 'boolean' ? i.include_library_param : true,
    style: kind.startsWith('js.') ? 'js' : 'python',
  })
  const path = typeof i.path === 'string' ? i.path : ''
  const params = i.params ?? {}
  switch (kind) {
    case 'js.buildURL':
    case 'py.create_url':
      return client.buildURL(path, params, { disablePathEncoding: jsTruthy(i.disable_path_encoding) })
    case 'js.buildSrcSet':
    case 'py.create_srcset':
      return client.buildSrcSet(path, params, srcsetOptions(i))
    case 'js.new':
    case 'py.new':
      return ''
    default:
      throw new Error(`kind ${kind}`)
  }
}

function compare(c, got) {
  const want = typeof c.output === 'string' ? c.output : undefined
  if (want === undefined) return got.err ? PASS : ['failed', `reference threw ${JSON.stringify(c.error)}, Aura returned ${got.ok}`]
  if (!got.err) return got.ok === want ? PASS : ['failed', `bytes differ:\n  got  ${got.ok}\n  want ${want}`]
  return got.err instanceof InvalidInput ? ['rejected', got.err.message] : ['failed', `unexpected error ${got.err.code} ${got.err.message}`]
}

/** Each candidate URL verifies with its token (and not with another); an expires parameter is enforced. */
function verifyAll(output, token) {
  const verifier = new ImgixVerifier(['another-token', token])
  const other = new ImgixVerifier('another-token')
  const now = 1_700_000_000
  for (const entry of output.split(',\n')) {
    const cut = entry.lastIndexOf(' ')
    const url = cut >= 0 && /[wx]$/.test(entry.slice(cut + 1)) ? entry.slice(0, cut) : entry
    let v
    try {
      v = verifier.verify(url, { now })
    } catch (err) {
      return ['failed', `${url}: ${err.code}`]
    }
    try {
      other.verify(url, { now })
      return ['failed', `${url}: verified with another token`]
    } catch (err) {
      if (err.code !== 'bad_signature') return ['failed', `${url}: other token ${err.code}`]
    }
    if (v.expires !== null) {
      try {
        verifier.verify(url, { now: v.expires + 1 })
        return ['failed', `${url}: not expired after ${v.expires}`]
      } catch (err) {
        if (err.code !== 'expired') return ['failed', `${url}: ${err.code} after expires`]
      }
    }
  }
  return PASS
}

const NOT_VERIFIABLE = Object.fromEntries(
  ['js-url-074', 'py-url-074', 'js-url-098', 'py-url-098'].map((id) => [
    id,
    'signed with disable_path_encoding over a raw space or non-ASCII path: the verifier takes printable ASCII only (a client sends the path encoded, which is not what was signed)',
  ]),
)

test('imgix.json: every case through aura-sign/imgix', () => {
  const started = performance.now()
  const { cases } = load('imgix.json')
  const tally = new Tally('imgix.json')
  for (const c of cases) {
    const { id, kind, input: i } = c
    if (kind.startsWith('js._build')) {
      tally.record(kind, id, ['na', "js-core's static full-URL helper (ufo re-parsing of a whole URL) is not offered"])
      continue
    }
    if (NOT_APPLICABLE[id]) {
      tally.record(kind, id, ['na', NOT_APPLICABLE[id]])
      continue
    }
    let got
    try {
      got = { ok: run(kind, i) }
    } catch (err) {
      got = { err }
    }
    const outcome = compare(c, got)
    tally.record(kind, id, outcome)
    const token = typeof i.sign_key === 'string' && i.sign_key !== '' ? i.sign_key : undefined
    if (outcome === PASS && !got.err && token && got.ok !== '') {
      let v = verifyAll(got.ok, token)
      const why = NOT_VERIFIABLE[id]
      if (why) v = v[0] === 'failed' ? ['strict', why] : ['failed', 'listed as not verifiable but verified']
      tally.record('verify_reproduced_url', id, v)
    }
  }
  const failures = tally.report()
  console.log(`imgix.json: ${cases.length} cases in ${(performance.now() - started).toFixed(0)} ms`)
  assert.deepEqual(failures, [])
})

const TOKEN = 'FOO123bar'
const NOW = 1_700_000_000

test('imgix properties: sign → verify accepts, a changed byte is refused, expired is refused', () => {
  for (const style of ['js', 'python']) {
    const client = new ImgixClient({ domain: 'assets.imgix.net', secureURLToken: TOKEN, style })
    const verifier = new ImgixVerifier(TOKEN)
    for (let n = 0; n < 20; n++) {
      const url = client.buildURL(`/photos/${n}/cat dog ${n}.jpg`, { w: 100 + n, fit: 'crop', expires: NOW + 60 + n, txt: `héllo ${n}` })
      assert.equal(verifier.verify(url, { now: NOW }).expires, NOW + 60 + n)
      const start = url.indexOf('/', 'https://'.length)
      for (let i = start; i < url.length; i++) {
        const c = url[i] === 'a' ? 'b' : url[i] === 'b' ? 'c' : 'a'
        assert.throws(() => verifier.verify(url.slice(0, i) + c + url.slice(i + 1), { now: NOW }), (e) => ['bad_signature', 'malformed', 'expired'].includes(e.code), `${url} @${i}`)
      }
      assert.throws(() => verifier.verify(url, { now: NOW + 61 + n }), { code: 'expired' })
      assert.throws(() => verifier.verify(`${url}&x=1`, { now: NOW }), (e) => ['bad_signature', 'malformed'].includes(e.code))
    }
    for (const entry of client.buildSrcSet('/a.jpg', { w: 300, expires: NOW + 5 }).split(',\n')) {
      const url = entry.split(' ')[0]
      assert.equal(verifier.verify(url, { now: NOW }).expires, NOW + 5)
      assert.throws(() => verifier.verify(url, { now: NOW + 6 }), { code: 'expired' })
    }
  }
  // unsigned without a token; the clock read from Date.now when `now` is absent
  assert.equal(new ImgixClient({ domain: 'assets.imgix.net' }).buildURL('/a.jpg', { w: 1 }), 'https://assets.imgix.net/a.jpg?w=1')
  const signer = new ImgixClient({ domain: 'assets.imgix.net', secureURLToken: TOKEN })
  assert.equal(new ImgixVerifier(TOKEN).verify(signer.buildURL('/a.jpg', { expires: Math.floor(Date.now() / 1000) + 30 })).pathAndQuery.startsWith('/a.jpg?expires='), true)
})

test('imgix refusals are typed', () => {
  assert.throws(() => new ImgixClient({ domain: 'https://assets.imgix.net' }), InvalidInput)
  assert.throws(() => new ImgixClient({ domain: 'a.imgix.net', style: 'ruby' }), InvalidInput)
  const py = new ImgixClient({ domain: 'a.imgix.net', secureURLToken: TOKEN, style: 'python' })
  assert.throws(() => py.buildURL('/a', { w: null }), InvalidInput)
  assert.throws(() => py.buildSrcSet('/a', {}, { widths: [100.5] }), InvalidInput)
  assert.throws(() => py.buildURL('/a\udc00'), InvalidInput)
  assert.throws(() => new ImgixVerifier(''), InvalidInput)
})

test('imgix tokens never appear in inspect, String, JSON or format output', () => {
  const client = new ImgixClient({ domain: 'assets.imgix.net', secureURLToken: TOKEN })
  const verifier = new ImgixVerifier([TOKEN, 'second-token'])
  for (const v of [client, verifier]) {
    for (const text of [inspect(v), inspect(v, { showHidden: true, depth: Infinity, getters: true }), String(v), JSON.stringify(v), format('%o %O %s', v, v, v)]) {
      assert.ok(!text.includes(TOKEN) && !text.includes('second-token'), text)
    }
  }
})

test('imgix parameters: the JSON fast path and the value conversion give js-core 3.8.0 bytes', async () => {
  const { default: VendorImgix } = await import('@imgix/js-core')
  const { createRequire } = await import('node:module')
  const native = createRequire(import.meta.url)('../lib/native.cjs')
  const vendor = new VendorImgix({ domain: 'assets.imgix.net', secureURLToken: TOKEN, includeLibraryParam: false })
  const ours = new ImgixClient({ domain: 'assets.imgix.net', secureURLToken: TOKEN })
  const raw = new native.NativeImgixClient('assets.imgix.net', TOKEN, 'js', true, false)
  const cases = [
    { w: 400, h: 300, fit: 'crop', auto: 'format,compress' },
    { q: 0.1, dpr: 1.5, x: 1e21, y: 1.5e-7, z: 2 ** 53 + 2, n: -0, m: -12.25, big: 123456789.123 },
    { txt: 'vidéo 日本 & = ? # +', flag: true, off: false, 2: 'int key first', a: '' },
    Object.assign(Object.create(null), { w: 10 }),
  ]
  for (const params of cases) {
    const want = vendor.buildURL('/a b/c.jpg', params)
    assert.equal(ours.buildURL('/a b/c.jpg', params), want, JSON.stringify(params))
    assert.equal(raw.buildUrlJson('/a b/c.jpg', JSON.stringify(params), false), want)
    assert.equal(raw.buildUrl('/a b/c.jpg', params, false), want)
  }
  // Values JSON cannot carry exactly take the value conversion, as before:
  // a lone surrogate and NaN are refused (js-core writes U+FFFD and `NaN`).
  assert.throws(() => ours.buildURL('/a.jpg', { w: 'a\ud800' }), InvalidInput)
  assert.throws(() => ours.buildURL('/a.jpg', { w: NaN }), InvalidInput)
  assert.throws(() => raw.buildUrl('/a.jpg', { w: NaN }, false), /number/)
})
