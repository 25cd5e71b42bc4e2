// REST paging: `per_page`/`page` and the Link header, as GitHub answers them.
import type {RouteContext} from './faults.js'
import type {FakeGitHubImpl} from './model.js'

export function paginate<T>(
  gh: FakeGitHubImpl,
  ctx: RouteContext,
  items: T[],
  answerHeaders: Record<string, string>,
  defaultPer = 30,
  maxPer = 100
): T[] {
  const per = Math.min(maxPer, Math.max(1, Number(ctx.query.get('per_page') ?? defaultPer) || defaultPer))
  const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1)
  const last = Math.max(1, Math.ceil(items.length / per))
  const link = (p: number): string => {
    const u = new URL(ctx.url.toString())
    u.searchParams.set('page', String(p))
    if (ctx.query.has('per_page')) u.searchParams.set('per_page', String(per))
    return u.toString()
  }
  const links: string[] = []
  if (page > 1) links.push(`<${link(page - 1)}>; rel="prev"`)
  if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
  if (page > 1) links.push(`<${link(1)}>; rel="first"`)
  if (links.length) answerHeaders.link = links.join(', ')
  return items.slice((page - 1) * per, page * per)
}
