import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

// ajv-formats is CommonJS: under Node's ESM its default export is the module object.
const addFormats =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

/**
 * Discord's own OpenAPI description (vendored, see openapi/README.md): every request body the
 * bot sends is checked against the operation's schema, as Discord's API would check it.
 */
interface OpenApiOperation {
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}
interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, unknown>;
}

const SPEC_ID = 'discord-openapi';

/** One error in Discord's `errors` tree: `{ field: { 0: { label: { _errors: [...] } } } }`. */
export interface DiscordFieldError {
  code: string;
  message: string;
}
export type DiscordErrorTree = { _errors?: DiscordFieldError[] } & { [key: string]: DiscordErrorTree | undefined };

/** A route pattern (`/channels/:channelId/messages`) or spec path (`/channels/{channel_id}/messages`) as one key. */
const shape = (path: string) =>
  path
    .split('/')
    .map((segment) => (segment.startsWith(':') || /^\{[^}]+\}$/.test(segment) ? '{}' : segment))
    .join('/');

type Json = Record<string, unknown>;

/**
 * Limits Discord documents and enforces for bots where the spec is looser: a message's
 * content is 2,000 characters (the spec's 4,000 is a Nitro member's limit).
 */
function withDocumentedLimits(spec: OpenApiSpec): void {
  const schemas = spec.components.schemas as Record<string, Json>;
  const content = (schemas.MessageCreateRequest?.properties as Record<string, Json> | undefined)?.content;
  if (content) content.maxLength = 2000;
}

/**
 * Discord picks a union's branch by its `type` (a component, an interaction callback); ajv
 * would try every branch and report them all. Unions whose branches each fix `type` become
 * `if type is …, then that branch`, so a refusal names what is wrong in the branch meant.
 */
function discriminated(node: unknown, schemas: Record<string, Json>): unknown {
  if (Array.isArray(node)) return node.map((item) => discriminated(item, schemas));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) out[key] = discriminated(value, schemas);
  // Discord reads an integer from its decimal string too (permission bitfields travel as strings, as discord.js sends them).
  const types = ([] as unknown[]).concat(out.type ?? []);
  if (types.includes('integer') && !types.includes('string') && !('enum' in out)) {
    out.type = [...types, 'string'];
    out.pattern = '^-?[0-9]+$';
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = out[keyword];
    if (!Array.isArray(branches)) continue;
    const isNull = (b: Json) => b.type === 'null';
    const real = (branches as Json[]).filter((b) => !isNull(b));
    const values = real.map((branch) => {
      const ref = typeof branch.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(branch.$ref)?.[1] : undefined;
      const target = ref ? schemas[ref] : branch;
      const type = (target?.properties as Record<string, Json> | undefined)?.type;
      return Array.isArray(type?.enum) ? (type.enum as unknown[]) : null;
    });
    const all = values.flat();
    if (real.length < 2 || values.some((v) => v === null) || new Set(all).size !== all.length) continue;
    const union: Json = {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: all } },
      allOf: real.map((branch, i) => ({
        if: { properties: { type: { enum: values[i] } }, required: ['type'] },
        then: branch,
      })),
    };
    delete out[keyword];
    if (real.length === branches.length) Object.assign(out, union);
    else out.anyOf = [{ type: 'null' }, union];
  }
  return out;
}

function loadSpec(): OpenApiSpec {
  const spec = JSON.parse(readFileSync(new URL('./openapi/openapi.json', import.meta.url), 'utf8')) as OpenApiSpec;
  withDocumentedLimits(spec);
  const schemas = spec.components.schemas as Record<string, Json>;
  return {
    paths: discriminated(spec.paths, schemas) as OpenApiSpec['paths'],
    components: discriminated(spec.components, schemas) as OpenApiSpec['components'],
  };
}

function createAjv(spec: OpenApiSpec): Ajv2020 {
  // strict off: the spec carries Discord's own keywords (x-discord-union…) and OpenAPI formats.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
  ajv.addFormat('nonce', () => true);
  // Internal refs (#/components/...) then resolve inside this document.
  ajv.addSchema({ $id: SPEC_ID, components: spec.components });
  return ajv;
}

/** Re-points the spec's internal refs at the components document added to ajv. */
function withAbsoluteRefs(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${SPEC_ID}#/components/`));
}

const CODES: Record<string, (e: ErrorObject) => DiscordFieldError> = {
  required: () => ({ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }),
  maxLength: (e) => ({
    code: 'BASE_TYPE_MAX_LENGTH',
    message: `Must be ${String(e.params.limit)} or fewer in length.`,
  }),
  minLength: (e) => ({
    code: 'BASE_TYPE_MIN_LENGTH',
    message: `Must be ${String(e.params.limit)} or more in length.`,
  }),
  maxItems: (e) => ({ code: 'BASE_TYPE_BAD_LENGTH', message: `Must be ${String(e.params.limit)} or fewer in length.` }),
  minItems: (e) => ({ code: 'BASE_TYPE_BAD_LENGTH', message: `Must be ${String(e.params.limit)} or more in length.` }),
  enum: (e) => ({
    code: 'BASE_TYPE_CHOICES',
    message: `Value must be one of ${JSON.stringify(e.params.allowedValues)}.`,
  }),
  maximum: (e) => ({
    code: 'NUMBER_TYPE_MAX',
    message: `int value should be less than or equal to ${String(e.params.limit)}.`,
  }),
  minimum: (e) => ({
    code: 'NUMBER_TYPE_MIN',
    message: `int value should be greater than or equal to ${String(e.params.limit)}.`,
  }),
  type: (e) => ({ code: 'MODEL_TYPE_CONVERT', message: `Must be of type ${String(e.params.type)}.` }),
};

/** Unions' summaries and the null branch of `oneOf: [null, X]` are dropped: Discord names the field's own fault. */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => !['anyOf', 'oneOf', 'allOf', 'if', 'not'].includes(e.keyword));
  // A null branch of `oneOf: [null, X]` always fails on type when the value is an object.
  const meaningful = kept.filter((e) => !(e.keyword === 'type' && e.params.type === 'null'));
  return meaningful.length > 0 ? meaningful : errors;
}

function toTree(errors: ErrorObject[]): DiscordErrorTree {
  const tree: DiscordErrorTree = {};
  for (const error of relevant(errors)) {
    const path = error.instancePath.split('/').slice(1);
    if (error.keyword === 'required') path.push(String(error.params.missingProperty));
    let node = tree;
    for (const key of path) node = node[key] ??= {};
    const described = CODES[error.keyword]?.(error) ?? {
      code: 'BASE_TYPE_INVALID',
      message: `Invalid value (${error.message ?? error.keyword}).`,
    };
    const list = (node._errors ??= []);
    if (!list.some((e) => e.code === described.code && e.message === described.message)) list.push(described);
  }
  return tree;
}

type EmbedLike = {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
};

const embedSize = (e: EmbedLike) =>
  (e.title ?? '').length +
  (e.description ?? '').length +
  (e.footer?.text ?? '').length +
  (e.author?.name ?? '').length +
  (e.fields ?? []).reduce((n, f) => n + (f.name ?? '').length + (f.value ?? '').length, 0);

/** A rule the schema cannot say and Discord enforces: a message's embeds hold 6,000 characters in all. */
function embedSizeErrors(body: unknown): DiscordErrorTree | null {
  const tooBig = (embeds: unknown) =>
    Array.isArray(embeds) && (embeds as EmbedLike[]).reduce((n, e) => n + embedSize(e ?? {}), 0) > 6000;
  const embeds: DiscordErrorTree = {};
  embeds._errors = [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }];
  const refusal: DiscordErrorTree = { embeds };
  const b = body as { embeds?: unknown; data?: { embeds?: unknown } } | null;
  if (tooBig(b?.embeds)) return refusal;
  if (tooBig(b?.data?.embeds)) return { data: refusal };
  return null;
}

export interface SpecValidator {
  /** Discord's `errors` tree when the body breaks the operation's schema; null when it is valid or unchecked. */
  check(method: string, pattern: string, body: unknown): DiscordErrorTree | null;
  /** Whether the spec describes a request body for this route (a route the fake serves but Discord does not: false). */
  describes(method: string, pattern: string): boolean;
}

/** Loads the spec once; each operation's schema is compiled on its first request. */
export function createSpecValidator(): SpecValidator {
  let spec: OpenApiSpec | undefined;
  let ajv: Ajv2020 | undefined;
  let byShape: Map<string, string> | undefined;
  const compiled = new Map<string, ValidateFunction | null>();

  function operation(method: string, pattern: string): OpenApiOperation | undefined {
    spec ??= loadSpec();
    byShape ??= new Map(Object.keys(spec.paths).map((path) => [shape(path), path]));
    const path = byShape.get(shape(pattern));
    return path ? spec.paths[path]?.[method.toLowerCase()] : undefined;
  }

  function validator(method: string, pattern: string): ValidateFunction | null {
    const key = `${method} ${pattern}`;
    if (compiled.has(key)) return compiled.get(key) ?? null;
    const schema = operation(method, pattern)?.requestBody?.content?.['application/json']?.schema;
    let fn: ValidateFunction | null = null;
    if (schema !== undefined) {
      ajv ??= createAjv(spec as OpenApiSpec);
      fn = ajv.compile(withAbsoluteRefs(schema) as object);
    }
    compiled.set(key, fn);
    return fn;
  }

  return {
    check(method, pattern, body) {
      const validate = validator(method, pattern);
      if (!validate) return null;
      if (!validate(body)) return toTree(validate.errors ?? []);
      return embedSizeErrors(body);
    },
    describes: (method, pattern) => validator(method, pattern) !== null,
  };
}

let shared: SpecValidator | undefined;

/** One validator for every fake in a test process: the spec is read and each operation compiled once. */
export function sharedSpecValidator(): SpecValidator {
  shared ??= createSpecValidator();
  return shared;
}
