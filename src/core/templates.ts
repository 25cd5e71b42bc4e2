// `{images}`, `{branch}`, `{paths}`, `{run_url}` in commit messages, PR titles and bodies.

export const PLACEHOLDERS = ['images', 'branch', 'paths', 'run_url'] as const
export type TemplateValues = Record<(typeof PLACEHOLDERS)[number], string>

const PLACEHOLDER_RE = /\{([A-Za-z_]+)\}/g

/** Placeholders the template uses that do not exist (so inputs.ts can refuse a typo before anything runs). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PLACEHOLDERS)
  return [...template.matchAll(PLACEHOLDER_RE)].map(m => m[1] as string).filter(name => !known.has(name))
}

export function expandTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER_RE, (whole, name: string) =>
    name in values ? values[name as keyof TemplateValues] : whole
  )
}
