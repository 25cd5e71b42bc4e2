// What a chart version, an OCI tag, a digest and a chart name may be: checked on input and again before writing.
import parse from 'semver/functions/parse.js'

/** A chart's name: the last path segment of an OCI repository, or a Helm repository's chart name. */
export const CHART_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/
/** The OCI distribution spec's tag grammar. */
export const OCI_TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
export const DIGEST_RE = /^sha256:[a-f0-9]{64}$/

/**
 * SemVer 2 exactly as written: `v1.2.3` and `=1.2.3` are not (semver's parser would clean them), `1.2.3+build.1` is
 * (the parser keeps build metadata apart from `version`).
 */
export function isChartVersion(version: string): boolean {
  if (version.length > 256) return false
  const parsed = parse(version)
  if (parsed === null) return false
  const build = parsed.build.length > 0 ? `+${parsed.build.join('.')}` : ''
  return `${parsed.version}${build}` === version
}

export function isOciTag(tag: string): boolean {
  return OCI_TAG_RE.test(tag)
}

export function isChartDigest(digest: string): boolean {
  return DIGEST_RE.test(digest)
}

export function isChartName(name: string): boolean {
  return CHART_NAME_RE.test(name)
}
