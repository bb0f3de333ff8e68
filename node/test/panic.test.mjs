// Panics at the native boundary: a panic in the core or the binding reaches
// JS as InternalError (code 'internal'), never as napi-rs's own error (a
// GenericFailure quoting the panic's text, with #[napi(catch_unwind)]) nor as
// a process abort (napi-rs's default: the generated `extern "C"` callback
// does not catch, and a panic cannot unwind out of it).
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import * as esm from 'aura-sign'

const require = createRequire(import.meta.url)
const native = require('../native/index.cjs')
const { call } = require('../lib/errors.cjs')
const pkg = require('../package.json')

test('a panic is InternalError with code internal, through the error mapping the API uses', () => {
  for (let i = 0; i < 3; i++) { // the process lives on: panic again, then a normal call
    let raw
    try {
      native._panicForTests()
    } catch (err) {
      raw = err
    }
    assert.ok(raw instanceof Error, 'the native call throws')
    assert.equal(raw.code, 'internal', 'the native error carries the core code (errors::guard), not GenericFailure')
    assert.throws(() => call(() => native._panicForTests()), (e) => {
      assert.ok(e instanceof esm.InternalError && e instanceof esm.AuraError && e instanceof Error)
      assert.equal(e.constructor.name, 'InternalError')
      assert.equal(e.code, 'internal')
      assert.equal(e.message, 'internal error (please report): a panic was caught at the Node boundary')
      assert.ok(!/_panicForTests|must not reach|panicked at|\.rs:\d/.test(e.message + e.stack), 'no panic text or location')
      return true
    })
  }
  assert.ok(esm.allErrorCodes().includes('internal'))
})

test('_panicForTests is hidden: no public module exports it and no declaration names it', async () => {
  for (const sub of Object.keys(pkg.exports)) {
    const name = sub === '.' ? 'aura-sign' : `aura-sign${sub.slice(1)}`
    const [mod, cjs] = [await import(name), require(name)]
    for (const ns of [mod, cjs, mod.default ?? {}]) {
      assert.ok(!Object.keys(ns).some((k) => /panic/i.test(k)), `${name} exports a panic helper`)
    }
  }
  // #[napi(skip_typescript)]: not in the generated declarations the package ships.
  const dts = path.join(path.dirname(require.resolve('../lib/native.cjs')), '..', 'native', 'index.d.ts')
  assert.ok(existsSync(dts), dts)
  assert.ok(!readFileSync(dts, 'utf8').includes('_panicForTests'))
})

// ---- every #[napi] entry point's body runs in a guard (a source scan) ----

/**
 * Bodies that run no code that can panic. Each is pinned to its exact body,
 * so a change to one fails here and must either add a guard or justify itself.
 */
const ALLOWED = {
  'exchange.rs:Secret.to_js_string': '"<redacted>"', // toString(): a string literal
  'exchange.rs:Secret.to_json': '"<redacted>"', // toJSON(): a string literal
  'google_cdn.rs:MediaCdnTokenSigner.algorithm': 'self.algorithm', // a `&'static str` field, copied
}

const ATTRS = String.raw`(?:[ \t]*(?:#\[[^\n]*\]|\/\/\/[^\n]*)\n)*`

/** `file:fn` or `file:Class.method` → the text after the name (signature and body). */
function entryPoints(file, source) {
  const bodies = new Map()
  const add = (key, body) => {
    assert.ok(!bodies.has(key), `duplicate entry point ${key}`)
    bodies.set(key, body)
  }
  for (const m of source.matchAll(new RegExp(String.raw`^#\[napi(?:\([^\n]*\))?\]\n${ATTRS}pub fn (\w+)(.*?)\n\}\n`, 'gms'))) {
    add(`${file}:${m[1]}`, m[2])
  }
  for (const block of source.matchAll(/^#\[napi\]\nimpl (\w+) \{\n(.*?)\n\}\n/gms)) {
    for (const m of `\n${block[2]}\n`.matchAll(new RegExp(String.raw`\n${ATTRS}    pub fn (\w+)(.*?)\n    \}\n`, 'gs'))) {
      add(`${file}:${block[1]}.${m[1]}`, m[2])
    }
  }
  return bodies
}

/** The number of exported functions, counted independently of `entryPoints`. */
function declared(file, source) {
  let n = 0
  const lines = source.split('\n')
  lines.forEach((line, i) => {
    if (!line.startsWith('#[napi')) return
    let j = i + 1
    while (/^\s*(#\[|\/\/\/)/.test(lines[j])) j++
    const item = lines[j]
    if (/^pub (struct|enum|const) /.test(item)) return
    if (/^pub fn /.test(item)) return void n++
    if (/^impl \w+ \{$/.test(item)) {
      let k = j + 1
      for (; lines[k] !== '}'; k++) {
        assert.ok(!/^\s*pub(\([^)]*\))? async fn /.test(lines[k]), `${file}:${k + 1}: an async entry point needs its own panic handling`)
        if (/^    pub fn /.test(lines[k])) n++
      }
      return
    }
    // `impl Task for …` (compute runs on a worker thread), `pub async fn`, …: not handled here.
    assert.fail(`${file}:${j + 1}: a #[napi] item this scan does not know: ${item}`)
  })
  return n
}

test('every #[napi] entry point in bindings/node/src runs its body in a guard', () => {
  // The checkout root (scripts/pack-node.sh links bindings/ into its fresh app's root too).
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const src = path.join(root, 'bindings', 'node', 'src')
  const bodies = new Map()
  let count = 0
  const sources = {}
  for (const file of readdirSync(src).filter((f) => f.endsWith('.rs')).sort()) {
    const source = readFileSync(path.join(src, file), 'utf8')
    sources[file] = source
    count += declared(file, source)
    for (const [k, v] of entryPoints(file, source)) bodies.set(k, v)
  }
  assert.equal(bodies.size, count, 'the scan found every entry point')
  assert.ok(count > 150, `only ${count} entry points found`)
  for (const name of ['errors.rs:panic_for_tests', 'errors.rs:all_error_codes', 'auraimage.rs:AuraImage.new', 'cloudflare.rs:StreamUrls.hls',
    'jwt_keys.rs:KeyRing.list', 'exchange.rs:Exchange.receive', 'exchange.rs:CloudflareApi.stream_token']) {
    assert.ok(bodies.has(name), name)
  }

  // The exchanges report errors as data (errors::to_data), not thrown: their
  // wrappers catch a panic themselves and make it an `internal` error step.
  const exchange = sources['exchange.rs']
  const fnBody = (source, name) => source.match(new RegExp(String.raw`\n(?:    )?(?:pub(?:\(crate\))? )?fn ${name}\b(.*?)\n(?:    )?\}\n`, 's'))?.[1] ?? ''
  const impl = `\n${exchange.match(/\nimpl Exchange \{\n(.*?)\n\}\n/s)[1]}\n` // the wrappers' block (not #[napi])
  for (const name of ['of', 'step']) assert.match(fnBody(impl, name), /catch_unwind\(AssertUnwindSafe\(.*panicked\(\)/s, `Exchange::${name}`)
  assert.match(fnBody(exchange, 'panicked'), /AuraError::Internal\(/)
  const wrapped = (body) =>
    body.includes('guard(') || body.includes('Exchange::of(') || body.includes('self.step(') ||
    [...body.matchAll(/\bexchange::(\w+)\(/g)].some((m) => fnBody(exchange, m[1]).includes('Exchange::of('))

  for (const [name, body] of Object.entries(ALLOWED)) {
    assert.ok(bodies.has(name), `allow-listed ${name} is gone: drop it from ALLOWED`)
    assert.equal(bodies.get(name).replace(/^[^{]*\{/s, '').trim(), body, `${name} changed: guard it, or re-justify it`)
  }
  const unguarded = [...bodies].filter(([name, body]) => !(name in ALLOWED) && !wrapped(body)).map(([name]) => name)
  assert.deepEqual(unguarded, [], 'entry points whose body is not in errors::guard (or an exchange wrapper)')
})
