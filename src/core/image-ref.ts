// OCI distribution reference grammar (distribution/reference), kept strict on purpose: a value that passes here
// can be written into YAML as a plain scalar without changing the document's structure.

export interface ImageRef {
  /** registry/path exactly as written, e.g. `ghcr.io/acme/api` or `nginx`. */
  name: string
  /** The registry host (with port), when the name has one. */
  domain?: string
  /** The repository path without the registry, e.g. `acme/api`. */
  path: string
  tag?: string
  /** `sha256:<64 hex>` */
  digest?: string
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`)
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`)
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/
const NAME_MAX = 255

export class ImageRefError extends Error {}

/** Splits `name[:tag][@digest]`; throws ImageRefError with the reason when any part breaks the grammar. */
export function parseImageRef(input: string): ImageRef {
  if (input.length === 0) throw new ImageRefError('the reference is empty')
  if (/\s/.test(input)) throw new ImageRefError('a reference has no white space')
  let rest = input
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST_RE.test(digest)) throw new ImageRefError(`digest '${digest}' is not sha256:<64 lower-case hex>`)
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.indexOf(':', lastSlash + 1)
  if (colon >= 0) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG_RE.test(tag)) {
      throw new ImageRefError(`tag '${tag}' must match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}`)
    }
  }
  return {...parseImageName(rest), tag, digest}
}

/** Parses a repository name without tag or digest. */
export function parseImageName(name: string): Pick<ImageRef, 'name' | 'domain' | 'path'> {
  if (name.length === 0) throw new ImageRefError('the image name is empty')
  if (name.length > NAME_MAX) throw new ImageRefError(`the image name is longer than ${NAME_MAX} characters`)
  const slash = name.indexOf('/')
  let domain: string | undefined
  let path = name
  if (slash >= 0) {
    const first = name.slice(0, slash)
    // The first component is a registry when it looks like a host: a dot, a port, localhost, or upper case.
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      domain = first
      path = name.slice(slash + 1)
      if (!DOMAIN_RE.test(domain)) throw new ImageRefError(`registry '${domain}' is not a valid host[:port]`)
    }
  }
  if (!PATH_RE.test(path)) {
    throw new ImageRefError(
      `repository path '${path}' must be lower-case components of [a-z0-9] joined by '.', '_', '__' or '-', separated by '/'`
    )
  }
  return {name, domain, path}
}

export function formatImageRef(ref: Pick<ImageRef, 'name' | 'tag' | 'digest'>): string {
  return `${ref.name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`
}

/** Docker Hub's implied registry and `library/` prefix, so `nginx` and `docker.io/library/nginx` are one image. */
export function canonicalImageName(name: string): string {
  const slash = name.indexOf('/')
  const first = slash >= 0 ? name.slice(0, slash) : ''
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')
  let domain = hasDomain ? first : 'docker.io'
  let path = hasDomain ? name.slice(slash + 1) : name
  if (domain === 'index.docker.io' || domain === 'registry-1.docker.io') domain = 'docker.io'
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`
  return `${domain}/${path}`
}

export function sameImageName(a: string, b: string): boolean {
  return a === b || canonicalImageName(a) === canonicalImageName(b)
}
