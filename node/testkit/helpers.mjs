import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
export const load = (name) => JSON.parse(readFileSync(`${root}tests/vectors/${name}`, 'utf8'))
export const corpus = () => JSON.parse(readFileSync(`${root}bench/corpus.json`, 'utf8'))

/** Numbers JSON cannot hold: {"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}. */
export const num = (v) =>
  v && typeof v === 'object' && '$num' in v ? { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 }[v.$num] : v

/** Decodes $num markers anywhere in a value. */
export const decode = (v) =>
  Array.isArray(v) ? v.map(decode) : v && typeof v === 'object' ? ('$num' in v ? num(v) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]))) : v

/** Per-kind counts: run, passed, rejected by rule (ids), strict (ids), n/a (ids), failed. */
export class Tally {
  constructor(title) {
    this.title = title
    this.kinds = new Map()
  }
  record(kind, id, [status, reason]) {
    if (!this.kinds.has(kind)) this.kinds.set(kind, { run: 0, passed: 0, rejected: [], strict: [], na: [], failed: [] })
    const k = this.kinds.get(kind)
    k.run++
    if (status === 'pass') k.passed++
    else k[status].push([id, reason])
  }
  report() {
    const lines = [`== vectors (Node): ${this.title} ==`, `${'kind'.padEnd(34)} ${'run'.padStart(5)} ${'passed'.padStart(7)} ${'rejected'.padStart(9)} ${'strict'.padStart(7)} ${'n/a'.padStart(5)} ${'failed'.padStart(7)}`]
    for (const [kind, k] of [...this.kinds].sort()) {
      lines.push(`${kind.padEnd(34)} ${String(k.run).padStart(5)} ${String(k.passed).padStart(7)} ${String(k.rejected.length).padStart(9)} ${String(k.strict.length).padStart(7)} ${String(k.na.length).padStart(5)} ${String(k.failed.length).padStart(7)}`)
      for (const [id, r] of k.rejected) lines.push(`    rejected-by-rule ${id}: ${r}`)
      for (const [id, r] of k.strict) lines.push(`    strict (quirk)   ${id}: ${r}`)
      for (const [id, r] of k.na) lines.push(`    not applicable   ${id}: ${r}`)
    }
    console.log(lines.join('\n'))
    return [...this.kinds].flatMap(([kind, k]) => k.failed.map(([id, r]) => `${kind} ${id}: ${r}`))
  }
}

export const PASS = ['pass', '']

/**
 * The lines between `// README: <label>` and `// end README` in a test file
 * each begin a line of node/README.md (which may add a comment): the code
 * the README shows is the code the test runs.
 */
export function assertReadmeShows(testFileUrl, label) {
  const source = readFileSync(fileURLToPath(testFileUrl), 'utf8').split('\n')
  const start = source.findIndex((l) => l.trim() === `// README: ${label}`)
  const end = source.findIndex((l, i) => i > start && l.trim() === '// end README')
  if (start < 0 || end < 0) throw new Error(`no README block ${label}`)
  const readme = readFileSync(`${root}node/README.md`, 'utf8').split('\n').map((l) => l.trim())
  const missing = source.slice(start + 1, end).map((l) => l.trim()).filter((l) => l && !readme.some((r) => r.startsWith(l)))
  if (missing.length) throw new Error(`node/README.md does not show (${label}):\n${missing.join('\n')}`)
}
