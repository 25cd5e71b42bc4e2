export const id = 656;
export const ids = [656];
export const modules = {

/***/ 8997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tl: () => (/* binding */ applyHelmValues),
/* harmony export */   c1: () => (/* binding */ valuesReference),
/* harmony export */   ht: () => (/* binding */ valuesImageName)
/* harmony export */ });
/* harmony import */ var _image_ref_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3386);
/* harmony import */ var _yaml_source_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8055);
// Helm values: a mapping with `repository` (+ optional `registry`) naming the image and a sibling `tag`
// (+ optional `digest`), anywhere: HelmRelease `spec.values`, values files, nested `image:` blocks.


/** `registry/repository` (or `repository`) when the mapping names a valid image, else undefined. */
function valuesImageName(map) {
    const repository = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .getString */ .AA)(map, 'repository');
    if (repository === undefined)
        return undefined;
    const registry = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .getString */ .AA)(map, 'registry');
    const name = registry ? `${registry.replace(/\/+$/, '')}/${repository}` : repository;
    try {
        (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .parseImageName */ ["if"])(name);
        return name;
    }
    catch {
        return undefined;
    }
}
/** The mapping as a reference (`name:tag@digest`), for "old -> new". */
function valuesReference(src, map, name) {
    const tag = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .scalarText */ .ws)(src, (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .getPair */ .xf)(map, 'tag')?.value) || undefined;
    const digest = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .scalarText */ .ws)(src, (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .getPair */ .xf)(map, 'digest')?.value) || undefined;
    return (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)({ name, tag, digest });
}
/**
 * Sets `tag` (and `digest`) of matching mappings. Keys are never added to values (a chart may not read them):
 * no `tag` sibling, or a target digest without a `digest` key, is a warning. A tag-only target removes a stale
 * `digest:` line, because charts that support a digest use it in preference to the tag.
 */
function applyHelmValues(ed, targets, ctx) {
    const images = targets.filter(t => t.kind === 'image');
    if (images.length === 0)
        return;
    for (const doc of ed.src.docs) {
        (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .visitMaps */ .rK)(doc.contents, map => {
            const name = valuesImageName(map);
            if (name === undefined)
                return;
            for (const target of images) {
                if (!(0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .sameImageName */ .ph)(name, target.ref.name))
                    continue;
                ctx.matched(target, valuesReference(ed.src, map, name));
                const where = ed.where((0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .getPair */ .xf)(map, 'repository')?.key.range?.[0] ?? 0);
                const tagPair = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .getPair */ .xf)(map, 'tag');
                const { tag, digest } = target.ref;
                if (tagPair === undefined) {
                    ctx.warn(`${where}: values for ${name} have no 'tag' next to 'repository'; not changed`);
                    continue;
                }
                if (tag !== undefined && (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .isEditableScalar */ .LT)(tagPair.value)) {
                    ed.setScalar(tagPair.value, 'tag', tag, 'values.tag', target);
                }
                const digestPair = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .getPair */ .xf)(map, 'digest');
                if (digest !== undefined) {
                    if (digestPair !== undefined && (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .isEditableScalar */ .LT)(digestPair.value)) {
                        ed.setScalar(digestPair.value, 'digest', digest, 'values.digest', target);
                    }
                    else if (digestPair === undefined) {
                        ctx.warn(`${where}: values for ${name} have no 'digest' key; only the tag was set`);
                    }
                }
                else if (digestPair !== undefined && ((0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .scalarText */ .ws)(ed.src, digestPair.value) ?? '') !== '') {
                    ed.removePair(map, digestPair, 'values.digest', (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .scalarText */ .ws)(ed.src, digestPair.value) ?? '', target);
                }
            }
        });
    }
}


/***/ }),

/***/ 656:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m3: () => (/* binding */ planBump)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _image_ref_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3386);
/* harmony import */ var _helm_values_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8997);
/* harmony import */ var _kustomize_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8419);
/* harmony import */ var _setters_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8063);
/* harmony import */ var _workloads_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7086);
/* harmony import */ var _yaml_source_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8055);
// The bump engine: (files, targets) -> plan of byte-minimal edits. Pure: no I/O, no clock, no globals that matter.








const MAX_LISTED_FILES = 20;
/**
 * Plans the edits for `targets` over `files` (path -> text; manifests only, see selectFiles).
 *
 * A file is parsed only when its raw text could match: it contains `$imagepolicy`, or the last path segment of an
 * image target's name (`podinfo` for `ghcr.io/stefanprodan/podinfo`). The last segment is written literally in every
 * spelling of a name (`redis`, `docker.io/library/redis`, `registry: docker.io` + `repository: library/redis`), so
 * the filter never drops a file that a rule would match. A file that cannot match is therefore never parsed, and
 * broken YAML there is not reported (Flux's automation skips such files too).
 *
 * Rules run per file in a fixed order, setters first, then kustomize `images:`, containers, Helm values; a scalar
 * edited (or found up to date) by one rule is not edited again by a later one.
 *
 * Throws BumpError when a file that could match does not parse (nothing is returned then), or when a target matched
 * nothing anywhere (the message names the target and the files examined).
 */
function planBump(files, targets) {
    for (const t of targets) {
        if (t.ref.tag === undefined && t.ref.digest === undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BumpError */ .nr(`'${t.line}' has neither a tag nor a digest: nothing to set`);
        }
    }
    const needles = [...new Set(targets.filter(t => t.kind === 'image').map(t => lastSegment(t.ref.name)))];
    const warnings = [];
    const previous = new Map(targets.map(t => [t.line, new Set()]));
    const matched = new Set();
    const ctx = {
        matched(target, prev) {
            matched.add(target.line);
            if (prev)
                previous.get(target.line)?.add(prev);
        },
        warn(message) {
            if (!warnings.includes(message))
                warnings.push(message);
        }
    };
    const paths = [...files.keys()].sort();
    const parsed = [];
    const edits = [];
    for (const path of paths) {
        const text = files.get(path) ?? '';
        const hasMarker = text.includes('$imagepolicy');
        if (!hasMarker && !needles.some(n => text.includes(n)))
            continue;
        const src = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_6__/* .parseSource */ .PJ)(path, text);
        parsed.push(path);
        const ed = new _yaml_source_js__WEBPACK_IMPORTED_MODULE_6__/* .FileEditor */ .aZ(src, ctx.warn);
        const entries = (0,_kustomize_js__WEBPACK_IMPORTED_MODULE_3__/* .findImageEntries */ .HT)(src);
        if (hasMarker)
            (0,_setters_js__WEBPACK_IMPORTED_MODULE_4__/* .applySetters */ .zn)(ed, (0,_setters_js__WEBPACK_IMPORTED_MODULE_4__/* .findSetters */ .Qw)(src), entries, targets, ctx);
        if (needles.length > 0) {
            (0,_kustomize_js__WEBPACK_IMPORTED_MODULE_3__/* .applyKustomize */ .o0)(ed, entries, targets, ctx);
            (0,_workloads_js__WEBPACK_IMPORTED_MODULE_5__/* .applyWorkloads */ .P)(ed, targets, ctx);
            (0,_helm_values_js__WEBPACK_IMPORTED_MODULE_2__/* .applyHelmValues */ .Tl)(ed, targets, ctx);
        }
        const after = ed.apply();
        if (after !== text) {
            const changes = [...ed.changes].sort((a, b) => a.line - b.line || a.column - b.column);
            edits.push({ path, before: text, after, changes });
        }
    }
    const missing = targets.filter(t => !matched.has(t.line));
    if (missing.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BumpError */ .nr(nothingMatched(missing, paths));
    return {
        edits,
        scanned: paths,
        parsed,
        warnings,
        previous: Object.fromEntries([...previous].map(([line, set]) => [line, [...set]]))
    };
}
function lastSegment(name) {
    return name.slice(name.lastIndexOf('/') + 1);
}
function nothingMatched(missing, paths) {
    const what = missing
        .map(t => t.kind === 'policy'
        ? `no $imagepolicy setter of ${t.namespace}:${t.policy} (from '${t.line}')`
        : `no reference to ${(0,_image_ref_js__WEBPACK_IMPORTED_MODULE_1__/* .formatImageRef */ .kL)({ name: t.ref.name })} (from '${t.line}')`)
        .join('; ');
    const listed = paths.slice(0, MAX_LISTED_FILES).join(', ');
    const more = paths.length > MAX_LISTED_FILES ? ` and ${paths.length - MAX_LISTED_FILES} more` : '';
    const scanned = paths.length === 0 ? 'no files were scanned' : `scanned ${paths.length} files: ${listed}${more}`;
    return `${what}; ${scanned}`;
}


/***/ }),

/***/ 8419:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HT: () => (/* binding */ findImageEntries),
/* harmony export */   cb: () => (/* binding */ entryReference),
/* harmony export */   o0: () => (/* binding */ applyKustomize)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _image_ref_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3386);
/* harmony import */ var _yaml_source_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8055);
// Kustomize `images:` entries: `name` selects the image, `newName`/`newTag`/`digest` say what it becomes.



/**
 * Every `images:` entry of a file: a top-level `images:` list of mappings with `name` (kustomize's Kustomization, or
 * any document shaped like one), and `spec.images` of Flux's own Kustomization, which has the same fields.
 */
function findImageEntries(src) {
    const out = [];
    for (const doc of src.docs) {
        const root = doc.contents;
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(root))
            continue;
        collect((0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getValue */ ._W)(root, 'images'), out);
        const apiVersion = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getString */ .AA)(root, 'apiVersion') ?? '';
        if (apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') && (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getString */ .AA)(root, 'kind') === 'Kustomization') {
            const spec = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getValue */ ._W)(root, 'spec');
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(spec))
                collect((0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getValue */ ._W)(spec, 'images'), out);
        }
    }
    return out;
}
function collect(list, out) {
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(list))
        return;
    for (const item of list.items) {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(item))
            continue;
        const name = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getString */ .AA)(item, 'name');
        if (name === undefined)
            continue;
        out.push({ map: item, effectiveName: (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getString */ .AA)(item, 'newName') ?? name });
    }
}
/** The entry as a reference (`name:tag@digest`), for "old -> new" in PR bodies. */
function entryReference(src, entry) {
    const tag = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .scalarText */ .ws)(src, (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getValue */ ._W)(entry.map, 'newTag')) || undefined;
    const digest = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .scalarText */ .ws)(src, (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getValue */ ._W)(entry.map, 'digest')) || undefined;
    return (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_1__/* .formatImageRef */ .kL)({ name: entry.effectiveName, tag, digest });
}
/**
 * Image targets: an entry whose effective name is the target's name gets the target's tag and digest.
 * - A missing `newTag` (or `digest`, when the target has one) is inserted after the entry's last name/tag line at
 *   the same indentation: kustomize has no other place to say it, and a one-line insertion keeps the diff minimal.
 *   Flow-style entries (`{name: x}`) are not rewritten structurally; that is a warning.
 * - A target with a tag and no digest removes a `digest:` line: kustomize prefers the digest over the tag, so a
 *   stale digest would silently keep the old image.
 * - A digest-only target leaves an existing `newTag` alone (the digest decides what runs).
 */
function applyKustomize(ed, entries, targets, ctx) {
    for (const target of targets) {
        if (target.kind !== 'image')
            continue;
        const { tag, digest } = target.ref;
        for (const entry of entries) {
            if (!(0,_image_ref_js__WEBPACK_IMPORTED_MODULE_1__/* .sameImageName */ .ph)(entry.effectiveName, target.ref.name))
                continue;
            ctx.matched(target, entryReference(ed.src, entry));
            const map = entry.map;
            const missing = [];
            const tagPair = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getPair */ .xf)(map, 'newTag');
            if (tag !== undefined) {
                if (tagPair === undefined)
                    missing.push({ key: 'newTag', kind: 'tag', value: tag });
                else if ((0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .isEditableScalar */ .LT)(tagPair.value))
                    ed.setScalar(tagPair.value, 'tag', tag, 'images[].newTag', target);
            }
            const digestPair = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getPair */ .xf)(map, 'digest');
            if (digest !== undefined) {
                if (digestPair === undefined)
                    missing.push({ key: 'digest', kind: 'digest', value: digest });
                else if ((0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .isEditableScalar */ .LT)(digestPair.value)) {
                    ed.setScalar(digestPair.value, 'digest', digest, 'images[].digest', target);
                }
            }
            else if (digestPair !== undefined && ((0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .scalarText */ .ws)(ed.src, digestPair.value) ?? '') !== '') {
                ed.removePair(map, digestPair, 'images[].digest', (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .scalarText */ .ws)(ed.src, digestPair.value) ?? '', target);
            }
            if (missing.length > 0) {
                const anchor = lastPair(map, ['name', 'newName', 'newTag']);
                const ok = anchor !== undefined && ed.insertAfter(map, anchor, missing, k => `images[].${k}`, target);
                if (!ok) {
                    const at = ed.where(map.range?.[0] ?? 0);
                    ctx.warn(`${at}: kustomize image ${entry.effectiveName} has no ${missing.map(m => m.key).join(' or ')} and is in flow style; not added`);
                }
            }
        }
    }
}
/** The pair among `keys` that comes last in the source (insertion point for new keys). */
function lastPair(map, keys) {
    let best;
    for (const key of keys) {
        const p = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_2__/* .getPair */ .xf)(map, key);
        if (p === undefined)
            continue;
        const at = p.key.range?.[0] ?? -1;
        if (best === undefined || at > (best.key.range?.[0] ?? -1))
            best = p;
    }
    return best;
}


/***/ }),

/***/ 8063:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qw: () => (/* binding */ findSetters),
/* harmony export */   n4: () => (/* binding */ setterGroupReferences),
/* harmony export */   zn: () => (/* binding */ applySetters)
/* harmony export */ });
/* unused harmony export parseMarker */
/* harmony import */ var _image_ref_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3386);
/* harmony import */ var _helm_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8997);
/* harmony import */ var _kustomize_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8419);
/* harmony import */ var _yaml_source_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8055);




const MARKER = '$imagepolicy';
/** Parses a comment's text (after `#`) as a setter marker, like kyaml: strip `#`s, JSON-decode, read the key. */
function parseMarker(comment) {
    const body = comment.replace(/^#+/, '').trim();
    if (!body.startsWith('{') || !body.includes(MARKER))
        return undefined;
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        return undefined;
    }
    if (typeof json !== 'object' || json === null)
        return undefined;
    const marker = json[MARKER];
    if (typeof marker !== 'string')
        return undefined;
    const parts = marker.split(':');
    if (parts.length === 2 && parts[0] && parts[1])
        return { policy: marker, field: 'ref', marker };
    const [ns, name, field] = parts;
    if (parts.length === 3 && ns && name && (field === 'name' || field === 'tag' || field === 'digest')) {
        return { policy: `${ns}:${name}`, field, marker };
    }
    return undefined;
}
/** Every scalar of the file that carries a marker. Cheap exit when the file has no marker text at all. */
function findSetters(src) {
    if (!src.text.includes(MARKER))
        return [];
    const out = [];
    for (const doc of src.docs) {
        (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .visitScalars */ .vX)(doc.contents, (node, pair, map) => {
            const found = lineMarker(src, node) ?? headMarker(src, node, pair);
            if (found)
                out.push({ node, map, ...found });
        });
    }
    return out;
}
/** A comment after the value on the value's last line. */
function lineMarker(src, node) {
    const end = node.range[1];
    const idx = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .lineIndex */ .Dp)(src, end);
    const rest = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .lineText */ .oZ)(src, idx).slice(end - (src.lineStarts[idx] ?? 0));
    const m = /^[ \t]+#(.*)$/.exec(rest);
    return m?.[1]?.includes(MARKER) ? parseMarker(m[1]) : undefined;
}
/** A comment-only line directly above the key (or above the scalar, for a sequence item). */
function headMarker(src, node, pair) {
    const start = pair?.key?.range?.[0] ?? node.range[0];
    const idx = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .lineIndex */ .Dp)(src, start);
    if (idx === 0)
        return undefined;
    const above = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .lineText */ .oZ)(src, idx - 1);
    const m = /^[ \t]*#(.*)$/.exec(above);
    return m?.[1]?.includes(MARKER) ? parseMarker(m[1]) : undefined;
}
/**
 * Applies every target to the file's setter groups.
 * - Policy targets update every setter of their policy, renames included. When a group has no full or `:name`
 *   setter, the image name lives in the surrounding kustomize entry: a rename is written into `newName` when the
 *   entry has one, and is a warning otherwise (adding a key is not what Flux would do).
 * - Image targets update a group only when its image name is known (a full setter's value, a `:name` setter, a
 *   sibling `repository`, or the kustomize entry it sits in) and equals the target's; a group with no known name is
 *   a warning, never a guess.
 */
function applySetters(ed, setters, entries, targets, ctx) {
    if (setters.length === 0)
        return;
    const groups = byPolicy(setters);
    const entryOf = new Map(entries.map(e => [e.map, e]));
    for (const [policy, group] of groups) {
        const names = groupNames(ed.src, group, entryOf);
        const policyTargets = targets.filter(t => t.kind === 'policy' && `${t.namespace}:${t.policy}` === policy);
        for (const target of policyTargets) {
            ctx.matched(target, groupReference(ed.src, group, entryOf, names[0] ?? target.ref.name));
            updateGroup(ed, group, target, 'policy');
            if (!group.some(s => s.field === 'ref' || s.field === 'name'))
                renameStructural(ed, group, entryOf, target, ctx);
            if (target.ref.digest === undefined)
                warnUnmarkedDigest(ed, group, target, ctx);
        }
        if (policyTargets.length > 0)
            continue;
        const imageTargets = targets.filter(t => t.kind === 'image');
        if (imageTargets.length === 0)
            continue;
        if (names.length === 0) {
            const first = group[0];
            const at = first ? ed.where(first.node.range[0]) : ed.src.path;
            ctx.warn(`${at}: setters of ${policy} do not name their image (no full or :name setter, no repository); ` +
                `not updated for image targets; address them as '${policy}=<reference>'`);
            continue;
        }
        for (const target of imageTargets) {
            if (!names.some(n => (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .sameImageName */ .ph)(n, target.ref.name)))
                continue;
            ctx.matched(target, groupReference(ed.src, group, entryOf, names[0] ?? target.ref.name));
            updateGroup(ed, group, target, 'image');
        }
    }
}
/** Every setter group of the file whose image name is known (a group without one is not read, never guessed). */
function setterGroupReferences(src, setters, entries) {
    const groups = byPolicy(setters);
    const entryOf = new Map(entries.map(e => [e.map, e]));
    const out = [];
    for (const [policy, group] of groups) {
        const name = groupNames(src, group, entryOf)[0];
        const first = group[0];
        if (name === undefined || first === undefined)
            continue;
        out.push({ policy, node: first.node, name, reference: groupReference(src, group, entryOf, name) });
    }
    return out;
}
/** Image names the group states, in source order. */
function groupNames(src, group, entryOf) {
    const out = [];
    for (const s of group) {
        const text = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .scalarText */ .ws)(src, s.node) ?? '';
        if (s.field === 'ref') {
            const name = tryName(() => (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .parseImageRef */ .Q)(text).name);
            if (name)
                out.push(name);
        }
        else if (s.field === 'name') {
            const name = tryName(() => (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .parseImageName */ ["if"])(text).name);
            if (name)
                out.push(name);
        }
        else if (s.map) {
            const name = entryOf.get(s.map)?.effectiveName ?? (0,_helm_values_js__WEBPACK_IMPORTED_MODULE_1__/* .valuesImageName */ .ht)(s.map);
            if (name)
                out.push(name);
        }
    }
    return out;
}
function tryName(fn) {
    try {
        return fn();
    }
    catch {
        return undefined;
    }
}
/**
 * The group's current reference, for "old -> new": a full setter's value; else the kustomize entry or values mapping
 * the setters sit in (their siblings complete the picture); else name + tag + digest setters.
 */
function groupReference(src, group, entryOf, name) {
    const full = group.find(s => s.field === 'ref');
    if (full)
        return (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .scalarText */ .ws)(src, full.node) ?? '';
    for (const s of group) {
        if (!s.map)
            continue;
        const entry = entryOf.get(s.map);
        if (entry)
            return (0,_kustomize_js__WEBPACK_IMPORTED_MODULE_2__/* .entryReference */ .cb)(src, entry);
        const valuesName = (0,_helm_values_js__WEBPACK_IMPORTED_MODULE_1__/* .valuesImageName */ .ht)(s.map);
        if (valuesName)
            return (0,_helm_values_js__WEBPACK_IMPORTED_MODULE_1__/* .valuesReference */ .c1)(src, s.map, valuesName);
    }
    const value = (field) => {
        const s = group.find(x => x.field === field);
        return (s && (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .scalarText */ .ws)(src, s.node)) || undefined;
    };
    return (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)({ name: value('name') ?? name, tag: value('tag'), digest: value('digest') });
}
function updateGroup(ed, group, target, mode) {
    const { tag, digest } = target.ref;
    for (const s of group) {
        const label = `setter ${s.marker}`;
        switch (s.field) {
            case 'ref': {
                // Flux writes the policy's image name; an image target keeps the name as written (the same image), and
                // leaves a full setter that names another image (a policy shared oddly between images) alone.
                let name = target.ref.name;
                if (mode === 'image') {
                    const own = tryName(() => (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .parseImageRef */ .Q)((0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .scalarText */ .ws)(ed.src, s.node) ?? '').name);
                    if (own === undefined || !(0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .sameImageName */ .ph)(own, target.ref.name))
                        break;
                    name = own;
                }
                ed.setScalar(s.node, 'ref', (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)({ name, tag, digest }), label, target);
                break;
            }
            case 'name':
                if (mode === 'policy')
                    ed.setScalar(s.node, 'name', target.ref.name, label, target);
                break;
            case 'tag':
                if (tag !== undefined)
                    ed.setScalar(s.node, 'tag', tag, label, target);
                break;
            case 'digest':
                ed.setScalar(s.node, 'digest', digest ?? '', label, target);
                break;
        }
    }
}
/** A policy target renames the image of a tag/digest-only group through the kustomize entry's `newName`. */
function renameStructural(ed, group, entryOf, target, ctx) {
    const seen = new Set();
    for (const s of group) {
        if (!s.map || seen.has(s.map))
            continue;
        seen.add(s.map);
        const entry = entryOf.get(s.map);
        const current = entry?.effectiveName ?? (0,_helm_values_js__WEBPACK_IMPORTED_MODULE_1__/* .valuesImageName */ .ht)(s.map);
        if (current === undefined || (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .sameImageName */ .ph)(current, target.ref.name))
            continue;
        const newName = entry ? (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .getPair */ .xf)(s.map, 'newName') : undefined;
        if (newName && (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .isEditableScalar */ .LT)(newName.value)) {
            ed.setScalar(newName.value, 'name', target.ref.name, 'images[].newName', target);
        }
        else {
            ctx.warn(`${ed.where(s.node.range[0])}: ${target.line} renames ${current} to ${target.ref.name}, which this ` +
                `${entry ? 'kustomize entry' : 'values mapping'} cannot express without adding a key (add newName or a :name setter)`);
        }
    }
}
/**
 * Flux only rewrites marked scalars, so a policy target leaves an unmarked `digest:` next to its setters alone; say
 * so, because kustomize and most charts prefer that digest over the new tag.
 */
function warnUnmarkedDigest(ed, group, target, ctx) {
    if (group.some(s => s.field === 'digest'))
        return;
    const seen = new Set();
    for (const s of group) {
        if (!s.map || seen.has(s.map))
            continue;
        seen.add(s.map);
        const digest = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .getPair */ .xf)(s.map, 'digest');
        if (digest && ((0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_3__/* .scalarText */ .ws)(ed.src, digest.value) ?? '') !== '') {
            const at = ed.where(digest.key.range?.[0] ?? 0);
            ctx.warn(`${at}: '${target.line}' set the tag, but this unmarked digest stays and takes precedence; mark it with ${group[0]?.policy}:digest or remove it`);
        }
    }
}
/** Setters grouped by the image policy they name, in order of first appearance. */
function byPolicy(setters) {
    const groups = new Map();
    for (const s of setters) {
        const g = groups.get(s.policy);
        if (g)
            g.push(s);
        else
            groups.set(s.policy, [s]);
    }
    return groups;
}


/***/ }),

/***/ 7086:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ applyWorkloads),
/* harmony export */   d: () => (/* binding */ findContainerImages)
/* harmony export */ });
/* harmony import */ var _image_ref_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3386);
/* harmony import */ var _yaml_source_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8055);
// Container images: `image:` of every item of `containers`, `initContainers` and `ephemeralContainers`, wherever
// they are (pod templates, CronJob job templates, HelmRelease values), in every document of the file.


const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
/** Every container `image:` of the file that parses as a reference (templated values are not ours to read). */
function findContainerImages(src) {
    const out = [];
    for (const doc of src.docs) {
        (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .visitMaps */ .rK)(doc.contents, (map, key, viaSeq) => {
            if (!viaSeq || key === undefined || !CONTAINER_LISTS.has(key))
                return;
            const node = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .getValue */ ._W)(map, 'image');
            if (!(0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .isEditableScalar */ .LT)(node))
                return;
            const text = (0,_yaml_source_js__WEBPACK_IMPORTED_MODULE_1__/* .scalarText */ .ws)(src, node);
            if (text === undefined)
                return;
            try {
                out.push({ node, text, ref: (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .parseImageRef */ .Q)(text), key });
            }
            catch {
                // templated (`{{ .Values.image }}`) or otherwise not a reference
            }
        });
    }
    return out;
}
/** The name stays exactly as written (`redis` stays `redis`); tag and digest become the target's. */
function applyWorkloads(ed, targets, ctx) {
    const images = targets.filter(t => t.kind === 'image');
    if (images.length === 0)
        return;
    for (const { node, text, ref, key } of findContainerImages(ed.src)) {
        for (const target of images) {
            if (!(0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .sameImageName */ .ph)(ref.name, target.ref.name))
                continue;
            ctx.matched(target, text);
            const next = (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_0__/* .formatImageRef */ .kL)({ name: ref.name, tag: target.ref.tag, digest: target.ref.digest });
            ed.setScalar(node, 'ref', next, `${key}[].image`, target);
        }
    }
}


/***/ }),

/***/ 8055:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AA: () => (/* binding */ getString),
/* harmony export */   Dp: () => (/* binding */ lineIndex),
/* harmony export */   G1: () => (/* binding */ position),
/* harmony export */   LT: () => (/* binding */ isEditableScalar),
/* harmony export */   PJ: () => (/* binding */ parseSource),
/* harmony export */   _W: () => (/* binding */ getValue),
/* harmony export */   aZ: () => (/* binding */ FileEditor),
/* harmony export */   oZ: () => (/* binding */ lineText),
/* harmony export */   rK: () => (/* binding */ visitMaps),
/* harmony export */   vX: () => (/* binding */ visitScalars),
/* harmony export */   ws: () => (/* binding */ scalarText),
/* harmony export */   xf: () => (/* binding */ getPair)
/* harmony export */ });
/* unused harmony exports needsQuotes, formatLike, formatNew, assertValue */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _image_ref_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3386);
// Byte-minimal YAML editing: parse once with source ranges, then splice new scalar text into the ORIGINAL string.
// A document is never re-serialised, so comments, blank lines, key order, indentation, `---` markers and CRLF line
// endings survive byte for byte; only the changed values (or a removed/inserted line) show up in a diff.



/** Parses every document of a file; a syntax error becomes a BumpError pointing at file:line:column. */
function parseSource(path, text) {
    // uniqueKeys off: a duplicated key elsewhere in a manifest is not this tool's business (kubectl decides).
    const docs = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseAllDocuments */ .hR)(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [docs];
    const src = { path, text, docs: list, lineStarts: lineStarts(text) };
    for (const doc of list) {
        const err = doc.errors[0];
        if (err !== undefined) {
            const { line, column } = position(src, err.pos[0]);
            const reason = err.message.split('\n')[0] ?? err.message;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BumpError */ .nr(`${path}:${line}:${column}: YAML does not parse: ${reason}`, path, line, column);
        }
    }
    return src;
}
function lineStarts(text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1))
        starts.push(i + 1);
    return starts;
}
/** 0-based line index of an offset (binary search over line starts). */
function lineIndex(src, offset) {
    let lo = 0;
    let hi = src.lineStarts.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((src.lineStarts[mid] ?? 0) <= offset)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}
/** 1-based line and column of an offset. */
function position(src, offset) {
    const idx = lineIndex(src, offset);
    return { line: idx + 1, column: offset - (src.lineStarts[idx] ?? 0) + 1 };
}
/** Text of a 0-based line without its line break (CR included). */
function lineText(src, idx) {
    const start = src.lineStarts[idx];
    if (start === undefined)
        return '';
    const next = src.lineStarts[idx + 1];
    const end = next === undefined ? src.text.length : next - 1;
    return src.text.slice(start, end).replace(/\r$/, '');
}
/** A scalar we can rewrite in place: plain or quoted (block scalars are left alone), with a source range. */
function isEditableScalar(node) {
    return ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) &&
        node.range != null &&
        (node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'));
}
/**
 * The scalar as text: the string value for strings, the source text for plain non-strings (`tag: 1.10` reads `1.10`
 * here, though YAML itself reads the number 1.1), '' for an empty value. undefined for anything else.
 */
function scalarText(src, node) {
    if (!isEditableScalar(node))
        return undefined;
    if (typeof node.value === 'string')
        return node.value;
    if (node.type === 'PLAIN')
        return src.text.slice(node.range[0], node.range[1]);
    return undefined;
}
/** The value of `key` in a mapping, if the key is a plain string scalar. */
function getPair(map, key) {
    for (const item of map.items) {
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(item) && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(item.key) && item.key.value === key)
            return item;
    }
    return undefined;
}
function getValue(map, key) {
    return getPair(map, key)?.value;
}
/** A string-valued key (`kind`, `repository`, ...): the string, else undefined. */
function getString(map, key) {
    const v = getValue(map, key);
    return (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(v) && typeof v.value === 'string' ? v.value : undefined;
}
/**
 * Calls `fn` for every mapping under `node` with the key of the pair that holds it; `viaSeq` when the mapping is an
 * item of that pair's sequence (`containers: [ {...} ]`).
 */
function visitMaps(node, fn, key, viaSeq = false) {
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
        fn(node, key, viaSeq);
        for (const item of node.items) {
            if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(item))
                continue;
            const k = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(item.key) ? String(item.key.value) : undefined;
            visitMaps(item.value, fn, k, false);
        }
    }
    else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node)) {
        for (const item of node.items)
            visitMaps(item, fn, key, true);
    }
}
/** Calls `fn` for every value scalar under `node`: map values (with their pair and map) and sequence items. */
function visitScalars(node, fn) {
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
        for (const item of node.items) {
            if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(item))
                continue;
            if (isEditableScalar(item.value))
                fn(item.value, item, node);
            else
                visitScalars(item.value, fn);
        }
    }
    else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node)) {
        for (const item of node.items) {
            if (isEditableScalar(item))
                fn(item, undefined, undefined);
            else
                visitScalars(item, fn);
        }
    }
}
// ---------------------------------------------------------------------------------------------------------------
// Writing values
const quoteCache = new Map();
/**
 * True when a plain scalar `value` would not read back as that same string under YAML 1.2 core or YAML 1.1
 * (`1.10`, `010`, `true`, `yes`, `1e3`, `null`, `~`, ''). Asks the yaml library rather than a hand-written regex.
 */
function needsQuotes(value) {
    let hit = quoteCache.get(value);
    if (hit === undefined) {
        hit = value === '' || !readsAsString(value, {}) || !readsAsString(value, { version: '1.1' });
        if (quoteCache.size > 10000)
            quoteCache.clear();
        quoteCache.set(value, hit);
    }
    return hit;
}
function readsAsString(value, options) {
    try {
        return (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(value, options) === value;
    }
    catch {
        return false;
    }
}
/** The source text for `value` in the style of `node`: quoted stays quoted, plain stays plain unless ambiguous. */
function formatLike(node, value) {
    if (node.type === 'QUOTE_SINGLE')
        return `'${value}'`;
    if (node.type === 'QUOTE_DOUBLE')
        return `"${value}"`;
    return formatNew(value);
}
/** A new plain value, double-quoted when YAML would read it as something other than this string (as Flux does). */
function formatNew(value) {
    return needsQuotes(value) ? `"${value}"` : value;
}
/** Second guard against YAML injection (inputs are validated already): only grammar-valid values are written. */
function assertValue(kind, value) {
    try {
        switch (kind) {
            case 'tag':
                if (value === '' || (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageRef */ .Q)(`x:${value}`).tag !== value)
                    throw new Error('bad tag');
                return;
            case 'digest':
                // '' is the value Flux writes into a `:digest` setter when the policy reflects no digest.
                if (value !== '' && (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageRef */ .Q)(`x@${value}`).digest !== value)
                    throw new Error('bad digest');
                return;
            case 'name':
                (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageName */ ["if"])(value);
                return;
            case 'ref':
                (0,_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageRef */ .Q)(value);
                return;
        }
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BumpError */ .nr(`refusing to write '${value}': not a valid image ${kind}`);
    }
}
/**
 * Collects the edits of one file. Every scalar is edited at most once: the first rule that claims a source offset
 * wins (a setter on a container's `image:` is seen by two rules), later claims with another value become warnings.
 */
class FileEditor {
    src;
    warn;
    splices = [];
    changes = [];
    claimed = new Map();
    constructor(src, warn) {
        this.src = src;
        this.warn = warn;
    }
    where(offset) {
        const { line, column } = position(this.src, offset);
        return `${this.src.path}:${line}:${column}`;
    }
    /**
     * Sets a scalar to `value` (validated as `kind`), keeping its quoting style. Returns false when it is already that
     * value. Already-claimed scalars are left as the first claim made them.
     */
    setScalar(node, kind, value, field, target) {
        assertValue(kind, value);
        const [start, end] = node.range;
        const current = scalarText(this.src, node) ?? '';
        const prior = this.claimed.get(start);
        if (prior !== undefined) {
            if (prior !== value) {
                this.warn(`${this.where(start)}: ${field} is set to '${prior}' by another rule; '${value}' (${target.line}) ignored`);
            }
            return false;
        }
        this.claimed.set(start, value);
        // Already the same string as YAML reads it: nothing to do. (A plain `1.10` is the number 1.1, so it differs
        // from the tag "1.10" and is rewritten as `"1.10"`.)
        if (typeof node.value === 'string' && node.value === value)
            return false;
        let text = formatLike(node, value);
        if (start === end) {
            // An empty value (`digest:` or `digest: # comment`): keep `: ` before and a blank before a following `#`.
            if (this.src.text[start - 1] === ':')
                text = ` ${text}`;
            if (this.src.text[end] === '#')
                text = `${text} `;
        }
        this.splices.push({ start, end, text });
        const { line, column } = position(this.src, start);
        this.changes.push({ file: this.src.path, line, column, field, from: current, to: value, target: target.line });
        return true;
    }
    /**
     * Removes `key: value` from a block mapping: the whole line(s) including the line break (CR LF stays paired), or,
     * when the key sits on a `- ` line, the text up to the next key. Throws when that cannot be done cleanly: a stale
     * digest must not survive silently.
     */
    removePair(map, pair, field, from, target) {
        const key = pair.key;
        const value = pair.value;
        const keyStart = key.range?.[0];
        const valueEnd = value?.range?.[1] ?? key.range?.[1];
        if (keyStart === undefined || valueEnd === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BumpError */ .nr(`cannot locate ${field} in ${this.src.path}`);
        const where = this.where(keyStart);
        if (this.claimed.has(value?.range?.[0] ?? keyStart))
            return;
        this.claimed.set(value?.range?.[0] ?? keyStart, '');
        let start;
        let end;
        const lineIdx = lineIndex(this.src, keyStart);
        const lineStart = this.src.lineStarts[lineIdx] ?? 0;
        const onOwnLine = !map.flow && /^[ \t]*$/.test(this.src.text.slice(lineStart, keyStart));
        const idx = map.items.indexOf(pair);
        const next = map.items[idx + 1];
        if (onOwnLine) {
            start = lineStart;
            const endLine = lineIndex(this.src, valueEnd);
            end = this.src.lineStarts[endLine + 1] ?? this.src.text.length;
            if (this.src.lineStarts[endLine + 1] === undefined && start > 0) {
                // Last line without a final line break: take the break before it instead.
                start = start - (this.src.text[start - 2] === '\r' ? 2 : 1);
            }
        }
        else if (!map.flow && next !== undefined && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(next.key) && next.key.range) {
            // `- digest: sha256:…` then `  name: x`: drop up to the next key, which moves onto the `- ` line.
            start = keyStart;
            end = next.key.range[0];
        }
        else {
            // Flow style (`{name: x, digest: …}`) or the entry's only key: no clean textual removal.
            const { line, column } = position(this.src, keyStart);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BumpError */ .nr(`${where}: cannot remove the stale ${field} '${from}' here; remove it by hand`, this.src.path, line, column);
        }
        this.splices.push({ start, end, text: '' });
        const { line, column } = position(this.src, keyStart);
        this.changes.push({ file: this.src.path, line, column, field, from, to: '', target: target.line });
    }
    /**
     * Inserts `key: value` lines after `after` (a pair of a block mapping), at the same indentation, with the file's
     * line ending. Returns false for flow mappings, which are left alone (the caller warns).
     */
    insertAfter(map, after, lines, field, target) {
        if (map.flow || lines.length === 0)
            return false;
        const key = after.key;
        const keyStart = key.range?.[0];
        const valueEnd = after.value?.range?.[1] ?? key.range?.[1];
        if (keyStart === undefined || valueEnd === undefined)
            return false;
        const indent = keyStart - (this.src.lineStarts[lineIndex(this.src, keyStart)] ?? 0);
        const endLine = lineIndex(this.src, valueEnd);
        const nextStart = this.src.lineStarts[endLine + 1];
        // Insert at the end of the anchor's last line (after any trailing comment), before its line break.
        const at = nextStart === undefined ? this.src.text.length : nextStart - (this.src.text[nextStart - 2] === '\r' ? 2 : 1);
        const eol = nextStart !== undefined && this.src.text[nextStart - 2] === '\r' ? '\r\n' : detectEol(this.src.text);
        let text = '';
        for (const l of lines) {
            assertValue(l.kind, l.value);
            text += `${eol}${' '.repeat(indent)}${l.key}: ${formatNew(l.value)}`;
        }
        this.splices.push({ start: at, end: at, text });
        lines.forEach((l, i) => {
            const line = endLine + 2 + i;
            this.changes.push({
                file: this.src.path,
                line,
                column: indent + 1,
                field: field(l.key),
                from: '',
                to: l.value,
                target: target.line
            });
        });
        return true;
    }
    /** The edited text; the original when nothing changed. */
    apply() {
        if (this.splices.length === 0)
            return this.src.text;
        const sorted = [...this.splices].sort((a, b) => a.start - b.start || a.end - b.end);
        let out = '';
        let pos = 0;
        for (const s of sorted) {
            if (s.start < pos)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BumpError */ .nr(`${this.where(s.start)}: overlapping edits (internal error)`, this.src.path);
            out += this.src.text.slice(pos, s.start) + s.text;
            pos = s.end;
        }
        return out + this.src.text.slice(pos);
    }
}
function detectEol(text) {
    const i = text.indexOf('\n');
    return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}


/***/ }),

/***/ 8193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dm: () => (/* binding */ isTransientStatus),
/* harmony export */   SJ: () => (/* binding */ notImplemented),
/* harmony export */   Uz: () => (/* binding */ isNoAnswer),
/* harmony export */   X5: () => (/* binding */ endpointOf),
/* harmony export */   fT: () => (/* binding */ NOT_IMPLEMENTED),
/* harmony export */   hD: () => (/* reexport safe */ _http_error_js__WEBPACK_IMPORTED_MODULE_0__.hD),
/* harmony export */   nG: () => (/* reexport safe */ _http_error_js__WEBPACK_IMPORTED_MODULE_0__.c2),
/* harmony export */   o: () => (/* binding */ classifyGitHubError),
/* harmony export */   uf: () => (/* binding */ WaitError)
/* harmony export */ });
/* harmony import */ var _http_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(988);
// What an error while waiting means: give up now (a permission, a wrong URL), wait for a rate limit's reset, or retry
// (5xx, network). Pure: reads the status and headers octokit-style errors carry; no @actions dependency.


/**
 * Whether the same request may succeed when asked again: a 5xx or 408. Not a 501: the server lacks the endpoint (an
 * older GitHub Enterprise Server), and asking again meets the same answer.
 */
function isTransientStatus(status) {
    return status === 408 || (status >= 500 && status !== NOT_IMPLEMENTED);
}
const NOT_IMPLEMENTED = 501;
/**
 * No HTTP answer arrived: the connection was reset or refused, or the request's deadline passed. Octokit reports
 * these as a 500 without a response (a timeout as an AbortError or TimeoutError). A write sent this way may have been
 * applied.
 */
function isNoAnswer(e) {
    const err = e;
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError')
        return true;
    return (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(e) === 500 && err?.response === undefined;
}
/** `METHOD /path` of the request an octokit error belongs to (no host, no query), for messages; '' when unknown. */
function endpointOf(e) {
    const req = e?.request;
    if (typeof req?.method !== 'string' || typeof req.url !== 'string')
        return '';
    const path = req.url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '');
    return `${req.method} ${path}`;
}
/** The message for a 501: which endpoint this GitHub lacks. */
function notImplemented(e, doing) {
    const endpoint = endpointOf(e) || 'the endpoint';
    return (`GitHub answered 501 (not implemented) for ${endpoint} while ${doing}: this GitHub (an older GitHub Enterprise ` +
        `Server?) lacks that endpoint (${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}).`);
}
class WaitError extends Error {
    kind;
    retryInMs;
    constructor(message, kind, 
    /** rate-limit: how long until GitHub lifts it (ms from the answer), when the answer says. */
    retryInMs) {
        super(message);
        this.kind = kind;
        this.retryInMs = retryInMs;
        this.name = 'WaitError';
    }
    /** The poll loop stops at once on errors that say `fatal`. */
    get fatal() {
        return this.kind === 'fatal';
    }
}
/** Classifies a failed GitHub read made while waiting, naming what was read, where, and the permission it needs. */
function classifyGitHubError(e, what, repo, permission) {
    if (e instanceof WaitError)
        return e;
    const status = (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(e);
    const wait = (0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .rateLimitWait */ .hD)(e);
    if (wait !== undefined) {
        return new WaitError(`GitHub's rate limit stopped reading ${what} in ${repo} (${status} ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)})`, 'rate-limit', wait);
    }
    switch (status) {
        case 401:
            return new WaitError(`GitHub rejected the token while reading ${what} in ${repo} (401 ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}): check the 'token' input; it may be expired or revoked.`, 'fatal');
        case 403:
            return new WaitError(`The token may not read ${what} in ${repo} (403 ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}): it needs '${permission}' on ${repo}.`, 'fatal');
        case 404:
            return new WaitError(`GitHub answered 404 reading ${what} in ${repo}: check 'repository' and 'branch', and that the token can see ${repo} ('${permission}').`, 'fatal');
        case undefined:
            return new WaitError(`Reading ${what} in ${repo} failed: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'transient');
        case NOT_IMPLEMENTED:
            return new WaitError(notImplemented(e, `reading ${what} in ${repo}`), 'fatal');
        default:
            if (isTransientStatus(status)) {
                return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'transient');
            }
            return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${(0,_http_error_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(e)}`, 'fatal');
    }
}


/***/ }),

/***/ 988:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   hD: () => (/* binding */ rateLimitWait)
/* harmony export */ });
// What a failed GitHub request says: its status, GitHub's message, and whether it is a spent rate limit. Pure and
// free of @actions imports, so the connector's bundle can use it too.
/** HTTP status of an octokit error, if it has one. */
function statusOf(e) {
    const status = e?.status;
    return typeof status === 'number' ? status : undefined;
}
/** The message GitHub put in the error body, e.g. "Pull Request is not mergeable". */
function messageOf(e) {
    const m = e?.response?.data?.message;
    if (typeof m === 'string')
        return m;
    return e instanceof Error ? e.message : String(e);
}
/**
 * How long a rate-limited answer asks to wait (ms), or undefined when it is not a rate limit. Primary limits say
 * `x-ratelimit-remaining: 0` and a reset time in epoch seconds, compared with the answer's own `Date` (GitHub's
 * clock, so a skewed runner does not matter); secondary limits say `retry-after` or nothing (then one minute). An answer without a `Date` (GitHub always
 * sends one) waits the minute too: the runner's clock is never compared with GitHub's reset.
 */
function rateLimitWait(e) {
    const status = statusOf(e);
    if (status !== 403 && status !== 429)
        return undefined;
    const headers = e.response?.headers ?? {};
    const header = (name) => {
        const v = headers[name];
        return v === undefined ? undefined : String(v);
    };
    const retryAfter = Number(header('retry-after'));
    if (header('retry-after') !== undefined && Number.isFinite(retryAfter))
        return Math.max(0, retryAfter * 1000);
    if (header('x-ratelimit-remaining') === '0') {
        const reset = Number(header('x-ratelimit-reset')) * 1000;
        const date = Date.parse(header('date') ?? '');
        if (Number.isFinite(reset) && Number.isFinite(date))
            return Math.max(0, reset - date) + 1000;
        return 60_000;
    }
    if (status === 429 || /rate limit/i.test(messageOf(e)))
        return 60_000;
    return undefined;
}


/***/ })

};
