// `{images}`, `{charts}`, `{branch}`, `{paths}`, `{run_url}` in commit messages, PR titles and bodies.

export const PLACEHOLDERS = ['images', 'charts', 'branch', 'paths', 'run_url'] as const
export type TemplateValues = Record<(typeof PLACEHOLDERS)[number], string>

const PLACEHOLDER_RE = /\{([A-Za-z_]+)\}/g

/** Placeholders the template uses that do not exist (so inputs.ts can refuse a typo before anything runs). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PLACEHOLDERS)
  return [...template.matchAll(PLACEHOLDER_RE)].map(m => m[1] as string).filter(name => !known.has(name))
}

/**
 * Fills in the placeholders. An empty value takes the blank before it along, so the default
 * `Promote {images} {charts} on {branch}` reads well when a run promotes only images or only charts.
 */
export function expandTemplate(template: string, values: TemplateValues): string {
  return template.replace(/( ?)\{([A-Za-z_]+)\}/g, (whole, blank: string, name: string) => {
    if (!(name in values)) return whole
    const value = values[name as keyof TemplateValues]
    return value === '' ? '' : `${blank}${value}`
  })
}
