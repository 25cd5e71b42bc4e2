// The `charts` input's grammar: `<chart>=<version>`, `<chart>=<version>@sha256:<digest>`, and (promoting) a bare
// `<chart>` or `*`. Shared by the action's inputs and the connector's watch validation, so both accept the same lines.
import {CHART_NAME_RE, DIGEST_RE, isChartVersion, isOciTag} from './chart-version.js'
import {InputError} from './errors.js'
import type {BumpTarget, ChartTarget, ImageTarget} from './bump/types.js'
import type {PromoteRequest} from './promote/resolve.js'
import {printable} from './targets.js'

const FORMS = '<chart>=<version> or <chart>=<version>@sha256:<64 hex>, e.g. podinfo=6.5.0'

/**
 * `charts`: one `<chart>=<version>[@sha256:<digest>]` a line. With `from-paths`, a line may also be a bare chart name
 * (take the version the source stage holds) or `*` (every chart both stages reference). A version must be SemVer 2
 * (what a HelmRelease takes) or an OCI tag (what an OCIRepository takes); the bump checks the one its file needs.
 */
export function readCharts(lines: string[], promoting: boolean): {targets: ChartTarget[]; requests: PromoteRequest[]} {
  const targets: ChartTarget[] = []
  const requests: PromoteRequest[] = []
  const seen = new Map<string, string>()
  for (const line of lines) {
    if (line === '*') {
      if (!promoting) {
        throw new InputError(
          'charts',
          `Input 'charts' line '*' promotes every chart of a source stage, which needs 'from-paths' (the source stage's files).`
        )
      }
      if (!requests.some(r => r.kind === 'all-charts')) requests.push({kind: 'all-charts', line})
      continue
    }
    const eq = line.indexOf('=')
    const chart = eq < 0 ? line : line.slice(0, eq)
    if (!CHART_NAME_RE.test(chart)) {
      throw new InputError(
        'charts',
        `Input 'charts' line '${printable(line)}' does not start with a chart name (letters, digits, '.', '_', '-'): write ${FORMS}.`
      )
    }
    const clash = seen.get(chart)
    if (clash !== undefined) {
      throw new InputError('charts', `Input 'charts' names the same chart twice: '${clash}' and '${printable(line)}'.`)
    }
    seen.set(chart, line)
    if (eq < 0) {
      if (!promoting) {
        throw new InputError(
          'charts',
          `Input 'charts' line '${printable(line)}' has no version: write ${chart}=<version>, ` +
            `or set 'from-paths' to take the version the source stage holds.`
        )
      }
      requests.push({kind: 'chart', chart, line})
      continue
    }
    const target = parseVersion(line, chart, line.slice(eq + 1))
    targets.push(target)
    requests.push({kind: 'exact', target, line})
  }
  return {targets, requests}
}

function parseVersion(line: string, chart: string, rest: string): ChartTarget {
  const at = rest.indexOf('@')
  const version = at < 0 ? rest : rest.slice(0, at)
  const digest = at < 0 ? undefined : rest.slice(at + 1)
  if (!isChartVersion(version) && !isOciTag(version)) {
    throw new InputError(
      'charts',
      `Input 'charts' line '${printable(line)}': version '${printable(version)}' is neither SemVer 2 (6.5.0, 1.2.3-rc.1) ` +
        `nor an OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}); write ${FORMS}.`
    )
  }
  if (digest !== undefined && !DIGEST_RE.test(digest)) {
    throw new InputError(
      'charts',
      `Input 'charts' line '${printable(line)}': digest '${printable(digest)}' is not sha256:<64 lowercase hex>; write ${FORMS}.`
    )
  }
  return {kind: 'chart', chart, version, ...(digest !== undefined ? {digest} : {}), line}
}

/** `<chart>=<version>[@digest]`: how a chart target is written (the `charts` output, PR bodies). */
export function formatChart(t: Pick<ChartTarget, 'chart' | 'version' | 'digest'>): string {
  return `${t.chart}=${t.version}${t.digest !== undefined ? `@${t.digest}` : ''}`
}

/** The `images` targets and the `charts` targets of one list (a plan holds both). */
export function splitTargets(targets: readonly BumpTarget[]): {images: ImageTarget[]; charts: ChartTarget[]} {
  return {
    images: targets.filter((t): t is ImageTarget => t.kind !== 'chart'),
    charts: targets.filter((t): t is ChartTarget => t.kind === 'chart')
  }
}
