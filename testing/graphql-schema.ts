// GitHub's public GraphQL schema (@octokit/graphql-schema, schema.graphql), built once per process, and the
// checks a GraphQL request must pass before the fake executes it.
import {readFileSync} from 'node:fs'
import {
  buildSchema,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode
} from 'graphql'
import {findPackageFile} from './openapi.js'

let cached: GraphQLSchema | undefined

/** The schema as published. It declares a few fields twice, so SDL validation is skipped (the schema itself is valid). */
export function getGitHubSchema(): GraphQLSchema {
  if (!cached) {
    const sdl = readFileSync(findPackageFile('@octokit/graphql-schema/schema.graphql'), 'utf8')
    cached = buildSchema(sdl, {assumeValidSDL: true})
  }
  return cached
}

export interface GraphQLCheck {
  document?: DocumentNode
  operation?: OperationDefinitionNode
  /** Errors GitHub would answer with (HTTP 200, `{errors}` without `data`). */
  errors: {message: string; locations?: readonly {line: number; column: number}[]; extensions?: object}[]
  /** Descriptions of what is wrong with the request, for the fake's violation list. */
  violations: string[]
  /** Top-level field names of the selected operation (`createCommitOnBranch`, `repository`…). */
  rootFields: string[]
}

/** Parses and validates a query against the schema and checks its variables. */
export function checkGraphQLRequest(
  query: unknown,
  variables: unknown,
  operationName: unknown,
  schema: GraphQLSchema = getGitHubSchema()
): GraphQLCheck {
  const out: GraphQLCheck = {errors: [], violations: [], rootFields: []}
  if (typeof query !== 'string' || query.trim() === '') {
    out.errors.push({message: 'A query attribute must be specified and must be a string.'})
    out.violations.push('GraphQL request without a query string')
    return out
  }
  let document: DocumentNode
  try {
    document = parse(query)
  } catch (e) {
    const err = e as GraphQLError
    out.errors.push({message: `Parse error: ${err.message}`, locations: err.locations})
    out.violations.push(`GraphQL syntax error: ${err.message}`)
    return out
  }
  out.document = document
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  const operation =
    typeof operationName === 'string' && operationName ? ops.find(o => o.name?.value === operationName) : ops[0]
  if (!operation || (ops.length > 1 && !operationName)) {
    const message = operation
      ? 'An operation name is required when the document has several operations'
      : `No operation named "${String(operationName)}"`
    out.errors.push({message})
    out.violations.push(`GraphQL: ${message}`)
    return out
  }
  out.operation = operation
  out.rootFields = operation.selectionSet.selections.flatMap(s => (s.kind === Kind.FIELD ? [s.name.value] : []))
  for (const err of validationErrors(schema, query, document)) {
    // GitHub words the most common error its own way.
    const unknown = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(err.message)
    if (unknown) {
      out.errors.push({
        message: `Field '${unknown[1]}' doesn't exist on type '${unknown[2]}'`,
        locations: err.locations,
        extensions: {code: 'undefinedField', typeName: unknown[2], fieldName: unknown[1]}
      })
    } else out.errors.push({message: err.message, locations: err.locations})
    out.violations.push(`GraphQL validation: ${err.message}`)
  }
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    out.errors.push({message: 'Variables must be a JSON object'})
    out.violations.push('GraphQL variables are not an object')
    return out
  }
  const vars = (variables ?? {}) as Record<string, unknown>
  const declared = new Set<string>()
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value
    declared.add(name)
    const required = def.type.kind === Kind.NON_NULL_TYPE && !def.defaultValue
    if (required && (vars[name] === undefined || vars[name] === null)) {
      const message = `Variable $${name} of type ${typeText(def.type)} was provided invalid value`
      out.errors.push({
        message,
        locations: [{line: def.loc?.startToken.line ?? 1, column: def.loc?.startToken.column ?? 1}]
      })
      out.violations.push(`GraphQL: required variable $${name} is missing`)
    }
  }
  for (const name of Object.keys(vars)) {
    if (!declared.has(name)) out.violations.push(`GraphQL: variable $${name} is passed but not declared`)
  }
  return out
}

// The action sends the same few documents over and over (a poll every few milliseconds): validate each text once.
const validated = new WeakMap<GraphQLSchema, Map<string, readonly GraphQLError[]>>()

function validationErrors(schema: GraphQLSchema, query: string, document: DocumentNode): readonly GraphQLError[] {
  let bySchema = validated.get(schema)
  if (!bySchema) validated.set(schema, (bySchema = new Map()))
  let errors = bySchema.get(query)
  if (!errors) bySchema.set(query, (errors = validate(schema, document)))
  return errors
}

function typeText(node: TypeNode): string {
  if (node.kind === Kind.NON_NULL_TYPE) return `${typeText(node.type)}!`
  if (node.kind === Kind.LIST_TYPE) return `[${typeText(node.type)}]`
  return node.name.value
}
