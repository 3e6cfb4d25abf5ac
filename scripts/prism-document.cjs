#!/usr/bin/env node
// Prepares an OpenAI OpenAPI 3.1 description for Prism, for `scripts/prism-conformance.sh`.
//
//   node scripts/prism-document.cjs IN.yaml OUT.json [--path /threads/runs] [--full]
//
// 1. Rewrites the OpenAPI 3.0 keyword `nullable` into its 3.1 (JSON Schema 2020-12) form.
//    OpenAI's 3.1 documents still say `nullable: true` in places; Prism compiles 3.1 schemas
//    with a JSON Schema 2020-12 validator that does not know the keyword, and then turns
//    request validation off without saying so. The rewrite:
//      - `type: X, nullable: true`        -> `type: [X, 'null']` (and `null` added to an `enum`,
//                                             which would otherwise still refuse it);
//      - `nullable: true` with no `type`  -> `anyOf: [{...the rest...}, {type: 'null'}]`
//        (a `$ref`, `allOf`, `anyOf`, `oneOf` with a `nullable` sibling), annotations
//        (`description`, `title`, `default`, `example(s)`, `deprecated`, `x-*`) kept outside;
//      - `allOf: [..., {nullable: true}]` -> the marker member removed and the schema itself
//        made nullable as above (a bare `{nullable: true}` constrains nothing, so it cannot
//        let `null` through an `allOf` on its own);
//      - `nullable: false`                -> removed (it is the default).
//    Values that are data, not schemas (`example`, `examples`, `default`, `enum`, `const`,
//    `x-oaiMeta`), are left alone.
// 2. Unless `--full` is given, cuts the document down to one path (default `/threads/runs`)
//    and the components it references, transitively: Prism then starts in about 2 s instead
//    of about 16 s. The top-level `security` requirement (bearer `ApiKeyAuth`) and the
//    security schemes it names are kept, so Prism still answers 401 without a token.
//
// js-yaml is resolved from NODE_PATH (the script installs it beside Prism).
'use strict';

const fs = require('fs');
const yaml = require('js-yaml');

function usage() {
  console.error('usage: prism-document.cjs IN.yaml OUT.json [--path PATH] [--full]');
  process.exit(2);
}

const args = process.argv.slice(2);
const positional = [];
let keepPath = '/threads/runs';
let full = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--full') full = true;
  else if (args[i] === '--path') keepPath = args[++i] ?? usage();
  else positional.push(args[i]);
}
if (positional.length !== 2) usage();
const [input, output] = positional;

const document = yaml.load(fs.readFileSync(input, 'utf8'));

// ---- 1. nullable -> 3.1 ---------------------------------------------------------------

// Keys whose values are data (or vendor metadata), never schemas: not walked.
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-oaiMeta']);
// Keys that describe a schema without constraining it: they stay on the outer schema when
// a `nullable` schema without `type` is wrapped in `anyOf`.
const ANNOTATIONS = new Set(['title', 'description', 'default', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly']);

const counts = { typed: 0, wrapped: 0, allOfMarker: 0, removedFalse: 0 };

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
// An `allOf` member that only says "nullable" (perhaps with annotations).
const isNullableMarker = (value) =>
  isObject(value) && value.nullable === true &&
  Object.keys(value).every((key) => key === 'nullable' || ANNOTATIONS.has(key));

function rewrite(node) {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!isObject(node)) return node;

  // An `allOf` marker makes this schema nullable (checked before the members are rewritten,
  // which would turn the marker into an `anyOf` that lets anything through).
  let source = node;
  if (Array.isArray(node.allOf) && node.allOf.some(isNullableMarker)) {
    source = { ...node, allOf: node.allOf.filter((member) => !isNullableMarker(member)), nullable: true };
    counts.allOfMarker++;
  }

  // Then the children, so nested schemas are in 3.1 form.
  const schema = {};
  for (const [key, value] of Object.entries(source)) {
    schema[key] = DATA_KEYS.has(key) || key.startsWith('x-') ? value : rewrite(value);
  }

  if (typeof schema.nullable !== 'boolean') return schema;
  const nullable = schema.nullable;
  delete schema.nullable;
  if (!nullable) {
    counts.removedFalse++;
    return schema;
  }

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    schema.type = types.includes('null') ? types : [...types, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    counts.typed++;
    return schema;
  }

  // No `type`: the rest of the schema, or null.
  const outer = {};
  const inner = {};
  for (const [key, value] of Object.entries(schema)) {
    (ANNOTATIONS.has(key) || key.startsWith('x-') ? outer : inner)[key] = value;
  }
  outer.anyOf = [inner, { type: 'null' }];
  counts.wrapped++;
  return outer;
}


// ---- 2. cut to one path (done first; the rewrite then runs on what is served) ---------------------------------------------------------------

function collectRefs(node, found) {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, found));
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else if (key !== 'x-oaiMeta') collectRefs(value, found);
    }
  }
}

function resolvePointer(root, ref) {
  if (!ref.startsWith('#/')) throw new Error(`external reference ${ref} is not supported`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((value, part) => {
      if (!isObject(value) || !(part in value)) throw new Error(`unresolved reference ${ref}`);
      return value[part];
    }, root);
}

let prepared = document;
if (!full) {
  const pathItem = prepared.paths?.[keepPath];
  if (!pathItem) throw new Error(`${input}: no path ${keepPath}`);

  // components.<kind>.<name> reached from the path item (and the schemes `security` names).
  const keep = new Map();
  const pending = [];
  collectRefs(pathItem, pending);
  const securitySchemes = new Set();
  for (const requirement of [...(prepared.security ?? []), ...Object.values(pathItem).flatMap((op) => (isObject(op) && op.security) || [])]) {
    Object.keys(requirement).forEach((name) => securitySchemes.add(name));
  }
  while (pending.length > 0) {
    const ref = pending.pop();
    const parts = ref.split('/');
    if (parts[1] !== 'components' || parts.length < 4) throw new Error(`unexpected reference ${ref}`);
    const key = `${parts[2]}/${parts[3]}`;
    if (keep.has(key)) continue;
    const target = resolvePointer(prepared, `#/components/${parts[2]}/${parts[3]}`);
    keep.set(key, target);
    collectRefs(target, pending);
  }
  const components = {};
  for (const [key, value] of keep) {
    const [kind, name] = key.split('/');
    (components[kind] ??= {})[name] = value;
  }
  for (const name of securitySchemes) {
    (components.securitySchemes ??= {})[name] = prepared.components.securitySchemes[name];
  }
  const { paths, components: _all, webhooks: _hooks, ...rest } = prepared;
  prepared = { ...rest, paths: { [keepPath]: pathItem }, components };
  const kinds = Object.entries(components).map(([kind, items]) => `${Object.keys(items).length} ${kind}`);
  console.error(`prism-document: cut to ${keepPath}: ${kinds.join(', ')}`);
}

// Rewrite what is served (after the cut, so the counts are about this document).
prepared = rewrite(prepared);

fs.writeFileSync(output, JSON.stringify(prepared, null, 1));
console.error(
  `prism-document: nullable rewritten: ${counts.typed} typed -> type [X, null], ` +
  `${counts.wrapped} untyped -> anyOf [X, null] (${counts.allOfMarker} from allOf markers), ` +
  `${counts.removedFalse} 'nullable: false' removed; wrote ${output}`,
);
