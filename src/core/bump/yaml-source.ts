// Byte-minimal YAML editing: parse once with source ranges, then splice new scalar text into the ORIGINAL string.
// A document is never re-serialised, so comments, blank lines, key order, indentation, `---` markers and CRLF line
// endings survive byte for byte; only the changed values (or a removed/inserted line) show up in a diff.
import {isMap, isPair, isScalar, isSeq, parse, parseAllDocuments} from 'yaml'
import type {Document, Node, Pair, Scalar, YAMLMap} from 'yaml'
import {isChartDigest, isChartVersion, isOciTag} from '../chart-version.js'
import {BumpError} from '../errors.js'
import {parseImageName, parseImageRef} from '../image-ref.js'
import type {BumpTarget, ValueChange} from './types.js'

export interface SourceFile {
  path: string
  text: string
  docs: Document.Parsed[]
  /** Offsets where each line starts, for offset -> line:column. */
  lineStarts: number[]
}

/** Parses every document of a file; a syntax error becomes a BumpError pointing at file:line:column. */
export function parseSource(path: string, text: string): SourceFile {
  // uniqueKeys off: a duplicated key elsewhere in a manifest is not this tool's business (kubectl decides).
  const docs = parseAllDocuments(text, {keepSourceTokens: true, uniqueKeys: false, prettyErrors: false})
  const list = Array.isArray(docs) ? docs : [docs]
  const src: SourceFile = {path, text, docs: list as Document.Parsed[], lineStarts: lineStarts(text)}
  for (const doc of list) {
    const err = doc.errors[0]
    if (err !== undefined) {
      const {line, column} = position(src, err.pos[0])
      const reason = err.message.split('\n')[0] ?? err.message
      throw new BumpError(`${path}:${line}:${column}: YAML does not parse: ${reason}`, path, line, column)
    }
  }
  return src
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/** 0-based line index of an offset (binary search over line starts). */
export function lineIndex(src: SourceFile, offset: number): number {
  let lo = 0
  let hi = src.lineStarts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((src.lineStarts[mid] ?? 0) <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** 1-based line and column of an offset. */
export function position(src: SourceFile, offset: number): {line: number; column: number} {
  const idx = lineIndex(src, offset)
  return {line: idx + 1, column: offset - (src.lineStarts[idx] ?? 0) + 1}
}

/** Text of a 0-based line without its line break (CR included). */
export function lineText(src: SourceFile, idx: number): string {
  const start = src.lineStarts[idx]
  if (start === undefined) return ''
  const next = src.lineStarts[idx + 1]
  const end = next === undefined ? src.text.length : next - 1
  return src.text.slice(start, end).replace(/\r$/, '')
}

// ---------------------------------------------------------------------------------------------------------------
// Reading nodes

export type StringScalar = Scalar & {range: [number, number, number]}

/** A scalar we can rewrite in place: plain or quoted (block scalars are left alone), with a source range. */
export function isEditableScalar(node: unknown): node is StringScalar {
  return (
    isScalar(node) &&
    node.range != null &&
    (node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')
  )
}

/**
 * The scalar as text: the string value for strings, the source text for plain non-strings (`tag: 1.10` reads `1.10`
 * here, though YAML itself reads the number 1.1), '' for an empty value. undefined for anything else.
 */
export function scalarText(src: SourceFile, node: unknown): string | undefined {
  if (!isEditableScalar(node)) return undefined
  if (typeof node.value === 'string') return node.value
  if (node.type === 'PLAIN') return src.text.slice(node.range[0], node.range[1])
  return undefined
}

/** The value of `key` in a mapping, if the key is a plain string scalar. */
export function getPair(map: YAMLMap, key: string): Pair<Scalar, unknown> | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) return item as Pair<Scalar, unknown>
  }
  return undefined
}

export function getValue(map: YAMLMap, key: string): unknown {
  return getPair(map, key)?.value
}

/** A string-valued key (`kind`, `repository`, ...): the string, else undefined. */
export function getString(map: YAMLMap, key: string): string | undefined {
  const v = getValue(map, key)
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined
}

/**
 * Calls `fn` for every mapping under `node` with the key of the pair that holds it; `viaSeq` when the mapping is an
 * item of that pair's sequence (`containers: [ {...} ]`).
 */
export function visitMaps(
  node: unknown,
  fn: (map: YAMLMap, key: string | undefined, viaSeq: boolean) => void,
  key?: string,
  viaSeq = false
): void {
  if (isMap(node)) {
    fn(node, key, viaSeq)
    for (const item of node.items) {
      if (!isPair(item)) continue
      const k = isScalar(item.key) ? String(item.key.value) : undefined
      visitMaps(item.value, fn, k, false)
    }
  } else if (isSeq(node)) {
    for (const item of node.items) visitMaps(item, fn, key, true)
  }
}

/** Calls `fn` for every value scalar under `node`: map values (with their pair and map) and sequence items. */
export function visitScalars(
  node: unknown,
  fn: (scalar: StringScalar, pair: Pair | undefined, map: YAMLMap | undefined) => void
): void {
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue
      if (isEditableScalar(item.value)) fn(item.value, item, node)
      else visitScalars(item.value, fn)
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      if (isEditableScalar(item)) fn(item, undefined, undefined)
      else visitScalars(item, fn)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Writing values

const quoteCache = new Map<string, boolean>()

/**
 * True when a plain scalar `value` would not read back as that same string under YAML 1.2 core or YAML 1.1
 * (`1.10`, `010`, `true`, `yes`, `1e3`, `null`, `~`, ''). Asks the yaml library rather than a hand-written regex.
 */
export function needsQuotes(value: string): boolean {
  let hit = quoteCache.get(value)
  if (hit === undefined) {
    hit = value === '' || !readsAsString(value, {}) || !readsAsString(value, {version: '1.1'})
    if (quoteCache.size > 10000) quoteCache.clear()
    quoteCache.set(value, hit)
  }
  return hit
}

function readsAsString(value: string, options: {version?: '1.1'}): boolean {
  try {
    return parse(value, options) === value
  } catch {
    return false
  }
}

/** The source text for `value` in the style of `node`: quoted stays quoted, plain stays plain unless ambiguous. */
export function formatLike(node: StringScalar, value: string): string {
  if (node.type === 'QUOTE_SINGLE') return `'${value}'`
  if (node.type === 'QUOTE_DOUBLE') return `"${value}"`
  return formatNew(value)
}

/** A new plain value, double-quoted when YAML would read it as something other than this string (as Flux does). */
export function formatNew(value: string): string {
  return needsQuotes(value) ? `"${value}"` : value
}

/** Second guard against YAML injection (inputs are validated already): only grammar-valid values are written. */
export function assertValue(kind: ValueKind, value: string): void {
  try {
    switch (kind) {
      case 'tag':
        if (value === '' || parseImageRef(`x:${value}`).tag !== value) throw new Error('bad tag')
        return
      case 'digest':
        // '' is the value Flux writes into a `:digest` setter when the policy reflects no digest.
        if (value !== '' && parseImageRef(`x@${value}`).digest !== value) throw new Error('bad digest')
        return
      case 'name':
        parseImageName(value)
        return
      case 'ref':
        parseImageRef(value)
        return
      case 'chart-version':
        if (!isChartVersion(value)) throw new Error('bad version')
        return
      case 'oci-tag':
        if (!isOciTag(value)) throw new Error('bad tag')
        return
      case 'oci-digest':
        if (!isChartDigest(value)) throw new Error('bad digest')
        return
    }
  } catch {
    const what =
      kind === 'chart-version'
        ? 'SemVer 2 chart version'
        : kind.startsWith('oci-')
          ? `OCI ${kind.slice(4)}`
          : `image ${kind}`
    throw new BumpError(`refusing to write '${value}': not a valid ${what}`)
  }
}

export type ValueKind = 'tag' | 'digest' | 'name' | 'ref' | 'chart-version' | 'oci-tag' | 'oci-digest'

/** What a rule reports besides edits: which targets matched (with the reference as it was) and warnings. */
export interface RuleContext {
  matched(target: BumpTarget, previous: string): void
  warn(message: string): void
}

// ---------------------------------------------------------------------------------------------------------------
// Collecting edits of one file

interface Splice {
  start: number
  end: number
  text: string
}

/**
 * Collects the edits of one file. Every scalar is edited at most once: the first rule that claims a source offset
 * wins (a setter on a container's `image:` is seen by two rules), later claims with another value become warnings.
 */
/** What an edit is recorded as: the field's name in the change list (for inserted lines, per key), and the target. */
export interface EditOf<F> {
  field: F
  target: BumpTarget
}

export class FileEditor {
  readonly splices: Splice[] = []
  readonly changes: ValueChange[] = []
  private readonly claimed = new Map<number, string>()

  constructor(
    readonly src: SourceFile,
    private readonly warn: (message: string) => void
  ) {}

  where(offset: number): string {
    const {line, column} = position(this.src, offset)
    return `${this.src.path}:${line}:${column}`
  }

  /**
   * Sets a scalar to `value` (validated as `kind`), keeping its quoting style. Returns false when it is already that
   * value. Already-claimed scalars are left as the first claim made them.
   */
  setScalar(node: StringScalar, kind: ValueKind, value: string, {field, target}: EditOf<string>): boolean {
    assertValue(kind, value)
    const [start, end] = node.range
    const current = scalarText(this.src, node) ?? ''
    const prior = this.claimed.get(start)
    if (prior !== undefined) {
      if (prior !== value) {
        this.warn(
          `${this.where(start)}: ${field} is set to '${prior}' by another rule; '${value}' (${target.line}) ignored`
        )
      }
      return false
    }
    this.claimed.set(start, value)
    // Already the same string as YAML reads it: nothing to do. (A plain `1.10` is the number 1.1, so it differs
    // from the tag "1.10" and is rewritten as `"1.10"`.)
    if (typeof node.value === 'string' && node.value === value) return false
    let text = formatLike(node, value)
    if (start === end) {
      // An empty value (`digest:` or `digest: # comment`): keep `: ` before and a blank before a following `#`.
      if (this.src.text[start - 1] === ':') text = ` ${text}`
      if (this.src.text[end] === '#') text = `${text} `
    }
    this.splices.push({start, end, text})
    const {line, column} = position(this.src, start)
    this.changes.push({file: this.src.path, line, column, field, from: current, to: value, target: target.line})
    return true
  }

  /**
   * Removes `key: value` from a block mapping: the whole line(s) including the line break (CR LF stays paired), or,
   * when the key sits on a `- ` line, the text up to the next key. Throws when that cannot be done cleanly: a stale
   * digest must not survive silently.
   */
  removePair(map: YAMLMap, pair: Pair, from: string, {field, target}: EditOf<string>): void {
    const key = pair.key as Node
    const value = pair.value as Node | null
    const keyStart = key.range?.[0]
    const valueEnd = value?.range?.[1] ?? key.range?.[1]
    if (keyStart === undefined || valueEnd === undefined)
      throw new BumpError(`cannot locate ${field} in ${this.src.path}`)
    const where = this.where(keyStart)
    if (this.claimed.has(value?.range?.[0] ?? keyStart)) return
    this.claimed.set(value?.range?.[0] ?? keyStart, '')
    let start: number
    let end: number
    const lineIdx = lineIndex(this.src, keyStart)
    const lineStart = this.src.lineStarts[lineIdx] ?? 0
    const onOwnLine = !map.flow && /^[ \t]*$/.test(this.src.text.slice(lineStart, keyStart))
    const idx = map.items.indexOf(pair as Pair<unknown, unknown>)
    const next = map.items[idx + 1]
    if (onOwnLine) {
      start = lineStart
      const endLine = lineIndex(this.src, valueEnd)
      end = this.src.lineStarts[endLine + 1] ?? this.src.text.length
      if (this.src.lineStarts[endLine + 1] === undefined && start > 0) {
        // Last line without a final line break: take the break before it instead.
        start = start - (this.src.text[start - 2] === '\r' ? 2 : 1)
      }
    } else if (!map.flow && next !== undefined && isScalar(next.key) && next.key.range) {
      // `- digest: sha256:…` then `  name: x`: drop up to the next key, which moves onto the `- ` line.
      start = keyStart
      end = next.key.range[0]
    } else {
      // Flow style (`{name: x, digest: …}`) or the entry's only key: no clean textual removal.
      const {line, column} = position(this.src, keyStart)
      throw new BumpError(
        `${where}: cannot remove the stale ${field} '${from}' here; remove it by hand`,
        this.src.path,
        line,
        column
      )
    }
    this.splices.push({start, end, text: ''})
    const {line, column} = position(this.src, keyStart)
    this.changes.push({file: this.src.path, line, column, field, from, to: '', target: target.line})
  }

  /**
   * Inserts `key: value` lines after `after` (a pair of a block mapping), at the same indentation, with the file's
   * line ending. Returns false for flow mappings, which are left alone (the caller warns).
   */
  insertAfter(
    map: YAMLMap,
    after: Pair,
    lines: {key: string; kind: ValueKind; value: string}[],
    {field, target}: EditOf<(key: string) => string>
  ): boolean {
    if (map.flow || lines.length === 0) return false
    const key = after.key as Node
    const keyStart = key.range?.[0]
    const valueEnd = (after.value as Node | null)?.range?.[1] ?? key.range?.[1]
    if (keyStart === undefined || valueEnd === undefined) return false
    const indent = keyStart - (this.src.lineStarts[lineIndex(this.src, keyStart)] ?? 0)
    const endLine = lineIndex(this.src, valueEnd)
    const nextStart = this.src.lineStarts[endLine + 1]
    // Insert at the end of the anchor's last line (after any trailing comment), before its line break.
    const at =
      nextStart === undefined ? this.src.text.length : nextStart - (this.src.text[nextStart - 2] === '\r' ? 2 : 1)
    const eol = nextStart !== undefined && this.src.text[nextStart - 2] === '\r' ? '\r\n' : detectEol(this.src.text)
    let text = ''
    for (const l of lines) {
      assertValue(l.kind, l.value)
      text += `${eol}${' '.repeat(indent)}${l.key}: ${formatNew(l.value)}`
    }
    this.splices.push({start: at, end: at, text})
    lines.forEach((l, i) => {
      const line = endLine + 2 + i
      this.changes.push({
        file: this.src.path,
        line,
        column: indent + 1,
        field: field(l.key),
        from: '',
        to: l.value,
        target: target.line
      })
    })
    return true
  }

  /** The edited text; the original when nothing changed. */
  apply(): string {
    if (this.splices.length === 0) return this.src.text
    const sorted = [...this.splices].sort((a, b) => a.start - b.start || a.end - b.end)
    let out = ''
    let pos = 0
    for (const s of sorted) {
      if (s.start < pos)
        throw new BumpError(`${this.where(s.start)}: overlapping edits (internal error)`, this.src.path)
      out += this.src.text.slice(pos, s.start) + s.text
      pos = s.end
    }
    return out + this.src.text.slice(pos)
  }
}

function detectEol(text: string): string {
  const i = text.indexOf('\n')
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n'
}
