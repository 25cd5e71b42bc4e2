// Validation of REST requests against GitHub's published OpenAPI description
// (@octokit/openapi, generated/api.github.com.json). Loaded lazily, once per process.
import {existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** Finds a file inside node_modules, walking up from this module and from the working directory. */
export function findPackageFile(relative: string): string {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()]
  for (const start of starts) {
    let dir = start
    for (;;) {
      const candidate = join(dir, 'node_modules', relative)
      if (existsSync(candidate)) return candidate
      const parent = dirname(dir)
      if (parent === dir) break
      dir = parent
    }
  }
  throw new Error(`cannot find node_modules/${relative}`)
}

// Path parameters that may legitimately contain "/" (a git ref, "base...head", a file path).
const SLASHY_PARAMS = new Set(['ref', 'basehead', 'base', 'head', 'path', 'branch', 'tag', 'file_path', 'name'])

interface CompiledTemplate<T> {
  template: string
  names: string[]
  strict: RegExp
  loose: RegExp
  literalLength: number
  value: T
}

export interface TemplateMatch<T> {
  template: string
  params: Record<string, string>
  value: T
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Matches request paths against URI templates such as `/repos/{owner}/{repo}/git/refs/{ref}`.
 * A parameter matches one path segment (percent-encoded slashes included); when no template matches that way,
 * parameters known to carry slashes (`{ref}`, `{basehead}`, `{path}`…) may span several segments.
 * Among several matches the template with the most literal characters wins.
 */
export class PathTemplateMatcher<T> {
  private readonly templates: CompiledTemplate<T>[] = []

  add(template: string, value: T): void {
    const names: string[] = []
    let strict = ''
    let loose = ''
    let literalLength = 0
    const re = /\{([^}]+)\}/g
    let last = 0
    for (let m = re.exec(template); m; m = re.exec(template)) {
      const literal = template.slice(last, m.index)
      literalLength += literal.length
      strict += escapeRegExp(literal)
      loose += escapeRegExp(literal)
      const name = m[1] as string
      names.push(name)
      strict += '([^/]+)'
      loose += SLASHY_PARAMS.has(name) ? '(.+)' : '([^/]+)'
      last = m.index + m[0].length
    }
    const tail = template.slice(last)
    literalLength += tail.length
    strict += escapeRegExp(tail)
    loose += escapeRegExp(tail)
    this.templates.push({
      template,
      names,
      strict: new RegExp(`^${strict}/?$`),
      loose: new RegExp(`^${loose}/?$`),
      literalLength,
      value
    })
  }

  /** `rawPath` is the request path without query, still percent-encoded. */
  match(rawPath: string): TemplateMatch<T> | undefined {
    for (const mode of ['strict', 'loose'] as const) {
      let best: {t: CompiledTemplate<T>; m: RegExpExecArray} | undefined
      for (const t of this.templates) {
        const m = t[mode].exec(rawPath)
        if (m && (!best || t.literalLength > best.t.literalLength)) best = {t, m}
      }
      if (best) {
        const params: Record<string, string> = {}
        best.t.names.forEach((name, i) => {
          const raw = best.m[i + 1] as string
          try {
            params[name] = decodeURIComponent(raw)
          } catch {
            params[name] = raw
          }
        })
        return {template: best.t.template, params, value: best.t.value}
      }
    }
    return undefined
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Schema = any

export interface OpenApiOperation {
  method: string
  template: string
  operationId: string
  queryParams: Map<string, Schema>
  requiredQuery: string[]
  bodySchema?: Schema
  bodyRequired: boolean
}

interface OpenApiIndex {
  byMethod: Map<string, PathTemplateMatcher<OpenApiOperation>>
  operations: number
}

let cached: OpenApiIndex | undefined

function resolveRef(doc: Schema, node: Schema, depth = 0): Schema {
  if (!node || typeof node !== 'object' || typeof node.$ref !== 'string' || depth > 20) return node
  const ref: string = node.$ref
  if (!ref.startsWith('#/')) return node
  let cur: Schema = doc
  for (const part of ref.slice(2).split('/')) {
    cur = cur?.[part.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return resolveRef(doc, cur, depth + 1)
}

/** Indexes api.github.com.json (13 MB) once per process, from the digest of it when one was made for this file. */
export function loadOpenApi(): OpenApiIndex {
  if (cached) return cached
  const file = findPackageFile('@octokit/openapi/generated/api.github.com.json')
  const digestFile = digestPathFor(file)
  let ops: OpenApiOperation[] | undefined
  try {
    ops = (JSON.parse(readFileSync(digestFile, 'utf8')) as DigestOperation[]).map(fromDigest)
  } catch {
    ops = operationsOf(JSON.parse(readFileSync(file, 'utf8')) as Schema)
    writeDigest(digestFile, ops)
  }
  const byMethod = new Map<string, PathTemplateMatcher<OpenApiOperation>>()
  for (const op of ops) {
    let matcher = byMethod.get(op.method)
    if (!matcher) {
      matcher = new PathTemplateMatcher<OpenApiOperation>()
      byMethod.set(op.method, matcher)
    }
    matcher.add(op.template, op)
  }
  cached = {byMethod, operations: ops.length}
  return cached
}

// Every test file runs in a fresh module registry, so the 13 MB description would be parsed again for each one (and
// kept on the heap, which makes every spawn of the action slower). The few facts the checks use are kept instead, in
// a digest under node_modules/.cache named after the description's size and mtime: a new @octokit/openapi makes a
// new one. Bump DIGEST_FORMAT when the digest's shape changes.
const DIGEST_FORMAT = 1

function digestPathFor(file: string): string {
  const {size, mtimeMs} = statSync(file)
  const nodeModules = file.slice(0, file.lastIndexOf('node_modules') + 'node_modules'.length)
  return join(nodeModules, '.cache', 'gitops-promote', `openapi-${DIGEST_FORMAT}-${size}-${Math.floor(mtimeMs)}.json`)
}

/** What validation reads of a schema: its type, nullability and enum. */
function schemaFacts(s: Schema): Schema {
  if (!s || typeof s !== 'object') return s
  const out: Schema = {}
  if (s.type !== undefined) out.type = s.type
  if (s.nullable !== undefined) out.nullable = s.nullable
  if (Array.isArray(s.enum)) out.enum = s.enum
  return out
}

type DigestOperation = Omit<OpenApiOperation, 'queryParams' | 'bodySchema'> & {
  queryParams: [string, Schema][]
  bodySchema?: Omit<BodyShape, 'properties'> & {properties: [string, Schema][]}
}

function toDigest(op: OpenApiOperation): DigestOperation {
  const shape = op.bodySchema as BodyShape | undefined
  return {
    ...op,
    queryParams: [...op.queryParams].map(([name, schema]) => [name, schemaFacts(schema)]),
    bodySchema: shape && {...shape, properties: [...shape.properties].map(([name, sc]) => [name, schemaFacts(sc)])}
  }
}

function fromDigest(d: DigestOperation): OpenApiOperation {
  return {
    ...d,
    queryParams: new Map(d.queryParams),
    bodySchema: d.bodySchema && {...d.bodySchema, properties: new Map(d.bodySchema.properties)}
  }
}

/** Written next to itself, then renamed: jest workers that race write whole files, one of which wins. */
function writeDigest(digestFile: string, ops: OpenApiOperation[]): void {
  try {
    mkdirSync(dirname(digestFile), {recursive: true})
    const tmp = `${digestFile}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(ops.map(toDigest)))
    renameSync(tmp, digestFile)
  } catch {
    // A read-only node_modules only costs the next process the full parse.
  }
}

function operationsOf(doc: Schema): OpenApiOperation[] {
  const out: OpenApiOperation[] = []
  for (const [template, item] of Object.entries<Schema>(doc.paths)) {
    const shared: Schema[] = (item.parameters ?? []).map((p: Schema) => resolveRef(doc, p))
    for (const method of ['get', 'put', 'post', 'patch', 'delete', 'head']) {
      const op = item[method]
      if (!op) continue
      const params: Schema[] = [...shared, ...(op.parameters ?? []).map((p: Schema) => resolveRef(doc, p))]
      const queryParams = new Map<string, Schema>()
      const requiredQuery: string[] = []
      for (const p of params) {
        if (p?.in !== 'query') continue
        queryParams.set(p.name, resolveRef(doc, p.schema))
        if (p.required) requiredQuery.push(p.name)
      }
      const requestBody = resolveRef(doc, op.requestBody)
      const rawSchema = requestBody?.content?.['application/json']?.schema
      const bodySchema = rawSchema ? normaliseBodySchema(doc, resolveRef(doc, rawSchema)) : undefined
      out.push({
        method: method.toUpperCase(),
        template,
        operationId: op.operationId,
        queryParams,
        requiredQuery,
        bodySchema,
        bodyRequired: Boolean(requestBody?.required)
      })
    }
  }
  return out
}

interface BodyShape {
  /** Union of declared top-level properties (resolved schemas) over all object alternatives. */
  properties: Map<string, Schema>
  /** Required properties, only when there is exactly one object alternative. */
  required: string[]
  /** True when unknown top-level properties are acceptable. */
  open: boolean
  /** True when a non-object body (array, string) is also acceptable. */
  nonObject: boolean
  objectOnly: boolean
}

function normaliseBodySchema(doc: Schema, schema: Schema): BodyShape {
  const shape: BodyShape = {properties: new Map(), required: [], open: false, nonObject: false, objectOnly: true}
  const alternatives: Schema[] = []
  const visit = (s: Schema): void => {
    s = resolveRef(doc, s)
    if (!s || typeof s !== 'object') return
    const alts = s.oneOf ?? s.anyOf
    if (Array.isArray(alts)) {
      for (const a of alts) visit(a)
      return
    }
    if (Array.isArray(s.allOf)) {
      const merged: Schema = {type: 'object', properties: {}, required: []}
      for (const part of s.allOf.map((p: Schema) => resolveRef(doc, p))) {
        Object.assign(merged.properties, part.properties ?? {})
        merged.required.push(...(part.required ?? []))
        if (part.additionalProperties) merged.additionalProperties = part.additionalProperties
      }
      alternatives.push(merged)
      return
    }
    alternatives.push(s)
  }
  visit(schema)
  const objects = alternatives.filter(a => a.type === 'object' || (a.type === undefined && a.properties))
  if (objects.length !== alternatives.length) {
    shape.nonObject = true
    shape.objectOnly = false
  }
  for (const o of objects) {
    if (!o.properties || o.additionalProperties === true || typeof o.additionalProperties === 'object') {
      shape.open = true
    }
    for (const [name, prop] of Object.entries<Schema>(o.properties ?? {})) {
      shape.properties.set(name, resolveRef(doc, prop))
    }
  }
  if (objects.length === 1 && alternatives.length === 1) shape.required = [...(objects[0].required ?? [])]
  return shape
}

function typeError(schema: Schema, value: unknown): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined
  if (value === null) return schema.nullable || schema.type === undefined ? undefined : 'is not nullable'
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    return `${JSON.stringify(value)} is not a member of [${schema.enum.map((v: unknown) => JSON.stringify(v)).join(', ')}]`
  }
  const t = schema.type
  if (typeof t !== 'string') return undefined
  const ok =
    (t === 'string' && typeof value === 'string') ||
    (t === 'boolean' && typeof value === 'boolean') ||
    (t === 'integer' && typeof value === 'number' && Number.isInteger(value)) ||
    (t === 'number' && typeof value === 'number') ||
    (t === 'array' && Array.isArray(value)) ||
    (t === 'object' && typeof value === 'object' && !Array.isArray(value))
  return ok ? undefined : `${JSON.stringify(value)} is not ${t === 'integer' || t === 'array' ? 'an' : 'a'} ${t}`
}

export interface RestValidation {
  operation?: OpenApiOperation
  template?: string
  params: Record<string, string>
  /** Problems found; any of them is a violation of GitHub's description. */
  violations: string[]
  /** When set, GitHub would refuse the request this way. */
  reject?: {status: number; message: string}
}

/**
 * Checks one REST request against the OpenAPI description: the operation (method + templated path), the query
 * parameters it declares, and the top-level properties and types of its JSON body.
 */
export function validateRestRequest(
  method: string,
  rawPath: string,
  query: URLSearchParams,
  body: unknown
): RestValidation {
  const index = loadOpenApi()
  const lookupMethod = method === 'HEAD' ? 'GET' : method
  const match = index.byMethod.get(lookupMethod)?.match(rawPath)
  if (!match) {
    const others = [...index.byMethod.entries()].filter(([m, matcher]) => m !== lookupMethod && matcher.match(rawPath))
    const hint = others.length
      ? ` (the path exists for ${others.map(([m, matcher]) => `${m} ${matcher.match(rawPath)?.template}`).join(', ')})`
      : ''
    return {
      params: {},
      violations: [`${method} ${rawPath} is not an operation of api.github.com${hint}`],
      reject: {status: 404, message: 'Not Found'}
    }
  }
  const op = match.value
  const violations: string[] = []
  const where = `${op.method} ${op.template} (${op.operationId})`
  for (const name of new Set(query.keys())) {
    if (!op.queryParams.has(name)) violations.push(`${where}: query parameter "${name}" is not declared`)
    else {
      const schema = op.queryParams.get(name)
      const value = query.get(name) as string
      if (Array.isArray(schema?.enum) && !schema.enum.includes(value)) {
        violations.push(`${where}: query parameter "${name}"=${JSON.stringify(value)} is not one of ${schema.enum}`)
      }
    }
  }
  for (const name of op.requiredQuery) {
    if (!query.has(name)) violations.push(`${where}: required query parameter "${name}" is missing`)
  }
  let reject: RestValidation['reject']
  const shape = op.bodySchema as BodyShape | undefined
  if (body !== undefined) {
    if (!shape) {
      if (lookupMethod !== 'GET' && !(typeof body === 'object' && body && Object.keys(body).length === 0)) {
        violations.push(`${where}: takes no request body, got ${JSON.stringify(body).slice(0, 200)}`)
      }
    } else if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      for (const [name, value] of Object.entries(body)) {
        const prop = shape.properties.get(name)
        if (!prop) {
          if (!shape.open) violations.push(`${where}: body property "${name}" is not declared`)
          continue
        }
        const err = typeError(prop, value)
        if (err) {
          violations.push(`${where}: body property "${name}": ${err}`)
          reject ??= {status: 422, message: `Invalid request.\n\nFor 'properties/${name}', ${err}.`}
        }
      }
      for (const name of shape.required) {
        if (!(name in body)) {
          violations.push(`${where}: required body property "${name}" is missing`)
          reject ??= {status: 422, message: `Invalid request.\n\n"${name}" wasn't supplied.`}
        }
      }
    } else if (shape.objectOnly) {
      violations.push(`${where}: body must be a JSON object, got ${JSON.stringify(body).slice(0, 200)}`)
      reject ??= {status: 422, message: 'Invalid request.\n\nBody must be a JSON object.'}
    }
  } else if (op.bodyRequired && shape && shape.required.length) {
    violations.push(`${where}: request body is required`)
    reject = {status: 422, message: `Invalid request.\n\n"${shape.required[0]}" wasn't supplied.`}
  }
  return {operation: op, template: op.template, params: match.params, violations, reject}
}
