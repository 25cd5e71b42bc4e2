export const id = 471;
export const ids = [471];
export const modules = {

/***/ 8471:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultPrBranch: () => (/* reexport */ defaultPrBranch),
  promotionText: () => (/* reexport */ promotionText),
  $1: () => (/* reexport */ revertPlanner),
  gr: () => (/* reexport */ revertText),
  write: () => (/* binding */ write)
});

// UNUSED EXPORTS: commitText, readAndPlan

// EXTERNAL MODULE: ./src/action/github/errors.ts
var errors = __webpack_require__(2562);
// EXTERNAL MODULE: ./src/action/github/client.ts
var client = __webpack_require__(7441);
// EXTERNAL MODULE: ./src/core/classify.ts
var classify = __webpack_require__(8193);
;// CONCATENATED MODULE: ./src/action/github/rules.ts
// The rules GitHub enforces on a branch (rulesets), read before a push so that a refused push writes nothing.


/** Rule types under which a direct commit onto the branch is refused. */
const REFUSE_DIRECT_COMMITS = new Set(['pull_request', 'merge_queue', 'update']);
/**
 * The first active rule that refuses a direct commit onto `branch`, or undefined. Best effort: where the rules API is
 * missing (older GitHub Enterprise Server: 404 or 501) nothing is known and the commit itself will say.
 */
async function directCommitRule(gh, at, branch) {
    let rules;
    try {
        const res = await gh.octokit.rest.repos.getBranchRules({ ...at, branch, per_page: 100 });
        rules = res.data;
    }
    catch (e) {
        if ((0,client.statusOf)(e) === 404 || (0,client.statusOf)(e) === classify/* NOT_IMPLEMENTED */.fT)
            return undefined;
        throw e;
    }
    const rule = rules.find(r => REFUSE_DIRECT_COMMITS.has(r.type));
    if (!rule)
        return undefined;
    const out = { type: rule.type, rulesetId: rule.ruleset_id };
    if (rule.ruleset_id !== undefined) {
        try {
            const rs = await gh.octokit.rest.repos.getRepoRuleset({ ...at, ruleset_id: rule.ruleset_id });
            out.rulesetName = rs.data.name;
        }
        catch {
            // The name only makes the message nicer.
        }
    }
    return out;
}
/** The merge methods a repository allows, from its settings. */
async function allowedMergeMethods(gh, at) {
    const res = await gh.octokit.rest.repos.get({ owner: at.owner, repo: at.repo });
    const d = res.data;
    return [
        d.allow_merge_commit !== false ? 'merge' : '',
        d.allow_squash_merge !== false ? 'squash' : '',
        d.allow_rebase_merge !== false ? 'rebase' : ''
    ].filter(m => m !== '');
}

// EXTERNAL MODULE: ./src/core/errors.ts
var core_errors = __webpack_require__(4296);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/action/github/merge-queue.ts
// Merge queues through GraphQL: whether the base has one, adding a pull request to it, and where the PR stands.

// The queue's fields (isMergeQueueEnabled, mergeQueueEntry, the removal event) are newer than some GitHub
// Enterprise Server versions; such a server has no merge queue, so the query is asked again without them.
const QUEUE_FIELDS = `
      isMergeQueueEnabled
      mergeQueueEntry {
        state
        position
      }
      timelineItems(last: 1, itemTypes: [REMOVED_FROM_MERGE_QUEUE_EVENT]) {
        nodes {
          ... on RemovedFromMergeQueueEvent {
            reason
            createdAt
          }
        }
      }`;
const pullState = (queue) => `query ($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      state
      headRefOid
      mergeCommit {
        oid
      }
      autoMergeRequest {
        enabledAt
      }${queue ? QUEUE_FIELDS : ''}
    }
  }
}`;
/** Servers found to lack the queue's GraphQL fields, so they are asked without them from then on. */
const withoutQueueFields = new WeakSet();
/** GraphQL's answer when the schema lacks a field the query names (older GitHub Enterprise Server). */
function isMissingField(e) {
    return e instanceof client.GraphQLRequestError && (e.hasType('undefinedField') || /doesn't exist on type/.test(e.message));
}
async function queryState(gh, at, number) {
    const variables = { owner: at.owner, repo: at.repo, number };
    if (!withoutQueueFields.has(gh)) {
        try {
            return await gh.graphql(pullState(true), variables);
        }
        catch (e) {
            if (!isMissingField(e))
                throw e;
            withoutQueueFields.add(gh);
        }
    }
    return gh.graphql(pullState(false), variables);
}
async function readQueueState(gh, at, number) {
    const p = (await queryState(gh, at, number)).repository.pullRequest;
    const removed = p.timelineItems?.nodes.find(n => n?.createdAt !== undefined);
    return {
        state: p.state,
        headSha: p.headRefOid,
        mergeCommit: p.mergeCommit?.oid ?? null,
        queueEnabled: p.isMergeQueueEnabled ?? false,
        entry: p.mergeQueueEntry ?? null,
        autoMergeEnabled: p.autoMergeRequest !== null,
        removed: removed ? { reason: removed.reason ?? null, at: removed.createdAt } : null
    };
}
const ENQUEUE = `mutation ($input: EnqueuePullRequestInput!) {
  enqueuePullRequest(input: $input) {
    mergeQueueEntry {
      state
      position
    }
  }
}`;
/**
 * Adds the PR to its base's merge queue, only while its head is still `expectedHeadOid`. The queue takes no commit
 * text: it writes its own merge commits.
 */
async function enqueuePullRequest(gh, at, pr, expectedHeadOid) {
    const send = async () => {
        const data = await gh.graphql(ENQUEUE, { input: { pullRequestId: pr.nodeId, expectedHeadOid } });
        return data.enqueuePullRequest.mergeQueueEntry;
    };
    // A lost answer: the PR in the queue (or merged by it already) is what we asked for.
    return gh.writeOnce(send, async () => {
        const now = await readQueueState(gh, at, pr.number);
        return now.entry ?? (now.state === 'MERGED' ? null : undefined);
    });
}

;// CONCATENATED MODULE: ./src/action/github/pull-request.ts
// Pull request primitives: find, open, update, label, merge, auto-merge, and the head branch's lifecycle.
// Branch refs are only ever created, fast-forwarded or deleted when nothing unmerged is on them: never forced.



function toPullRequest(p) {
    return {
        number: p.number,
        url: p.html_url,
        nodeId: p.node_id,
        headSha: p.head.sha,
        headRef: p.head.ref,
        state: p.state,
        merged: p.merged ?? p.merged_at !== null,
        mergeCommitSha: p.merge_commit_sha,
        mergeable: p.mergeable ?? null,
        mergeableState: p.mergeable_state ?? 'unknown',
        title: p.title,
        body: p.body ?? ''
    };
}
async function findPullRequest(gh, at, { head, base, state }) {
    const res = await gh.octokit.rest.pulls.list({ ...at, head: `${at.owner}:${head}`, base, state, per_page: 10 });
    const first = res.data[0];
    return first ? toPullRequest(first) : undefined;
}
async function getPullRequest(gh, at, number) {
    const data = await gh.conditionalGet('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...at,
        pull_number: number
    });
    return toPullRequest(data);
}
async function openPullRequest(gh, at, args) {
    try {
        // A lost answer: a PR with our head branch is ours, never a reason to open a second one.
        return await gh.writeOnce(async () => toPullRequest((await gh.octokit.rest.pulls.create({ ...at, ...args })).data), () => findPullRequest(gh, at, { head: args.head, base: args.base, state: 'open' }));
    }
    catch (e) {
        // A parallel run opened it first: use that one.
        if ((0,client.statusOf)(e) === 422 && /already exists/i.test(JSON.stringify(e.response ?? ''))) {
            const existing = await findPullRequest(gh, at, { head: args.head, base: args.base, state: 'open' });
            if (existing)
                return existing;
        }
        throw e;
    }
}
async function updatePullRequest(gh, at, pr, { title, body }) {
    if (pr.title === title && pr.body === body)
        return;
    // Setting the same text twice does no harm: a lost answer is simply sent again.
    await gh.writeOnce(async () => void (await gh.octokit.rest.pulls.update({ ...at, pull_number: pr.number, title, body })), async () => undefined);
}
async function addLabels(gh, at, number, labels) {
    if (labels.length === 0)
        return;
    await gh.writeOnce(async () => void (await gh.octokit.rest.issues.addLabels({ ...at, issue_number: number, labels })), async () => undefined);
}
/** GitHub's merge fields for it; the title ends in ` (#number)` as GitHub's own does. */
function commitText(commit, number) {
    return { commit_title: `${commit.title} (#${number})`, ...(commit.body ? { commit_message: commit.body } : {}) };
}
/**
 * `merged` with the commit now on the base, or not with GitHub's reason (checks pending, base moved: its 405; the head
 * moved from `pr.headSha`: its 409, `headMoved`).
 */
async function mergePullRequest(gh, at, pr, how) {
    const { mergeMethod: method, commit } = how;
    try {
        const merge = async () => {
            const res = await gh.octokit.rest.pulls.merge({
                ...at,
                pull_number: pr.number,
                merge_method: method,
                sha: pr.headSha,
                ...(method === 'rebase' ? {} : commitText(commit, pr.number))
            });
            return { merged: true, sha: res.data.sha };
        };
        // A lost answer: a merged PR is merged (at the head we asked for; a later head is not our merge).
        return await gh.writeOnce(merge, async () => {
            const now = await getPullRequest(gh, at, pr.number);
            return now.merged && now.mergeCommitSha ? { merged: true, sha: now.mergeCommitSha } : undefined;
        });
    }
    catch (e) {
        if ((0,client.statusOf)(e) === 405)
            return { merged: false, reason: (0,client.messageOf)(e) };
        // Its head moved from the one we asked to merge (another run of this promotion updated the shared PR): the
        // caller re-reads the PR and decides.
        if ((0,client.statusOf)(e) === 409)
            return { merged: false, reason: (0,client.messageOf)(e), headMoved: true };
        throw e;
    }
}
/**
 * Merges the base into the PR's head branch (GitHub's "Update branch": a merge commit, never a force-push), for
 * repositories that require branches to be up to date. GitHub does it asynchronously: the caller waits for the head.
 */
async function updateBranch(gh, at, pr, base) {
    try {
        // A lost answer: a head that moved from the one we expected means GitHub took it.
        await gh.writeOnce(async () => {
            await gh.octokit.rest.pulls.updateBranch({ ...at, pull_number: pr.number, expected_head_sha: pr.headSha });
            return true;
        }, async () => ((await getPullRequest(gh, at, pr.number)).headSha !== pr.headSha ? true : undefined));
    }
    catch (e) {
        if ((0,client.statusOf)(e) === 422 && /conflict/i.test((0,client.messageOf)(e))) {
            throw new core_errors/* PromoteError */.jG(`Pull request #${pr.number} conflicts with '${base}' and cannot be brought up to date: ${pr.url}. Resolve the conflict or close it and re-run.`);
        }
        throw e;
    }
}
const ENABLE_AUTO_MERGE = `mutation ($input: EnablePullRequestAutoMergeInput!) {
  enablePullRequestAutoMerge(input: $input) {
    pullRequest {
      number
    }
  }
}`;
/** `enabled`, or `clean` when GitHub says there is nothing to wait for (then the caller merges directly). */
async function enableAutoMerge(gh, at, pr, how) {
    const { mergeMethod: method, commit } = how;
    // A rebase makes no commit of its own, so it takes no text.
    const text = method === 'rebase' ? {} : { commitHeadline: `${commit.title} (#${pr.number})`, commitBody: commit.body };
    const input = { pullRequestId: pr.nodeId, mergeMethod: method.toUpperCase(), ...text };
    try {
        // A lost answer: auto-merge enabled on the PR (or the PR already merged) is what we asked for.
        return await gh.writeOnce(async () => {
            await gh.graphql(ENABLE_AUTO_MERGE, { input });
            return 'enabled';
        }, async () => {
            const now = await readQueueState(gh, at, pr.number);
            return now.autoMergeEnabled || now.state === 'MERGED' ? 'enabled' : undefined;
        });
    }
    catch (e) {
        if (e instanceof client.GraphQLRequestError) {
            if (/clean status/i.test(e.message))
                return 'clean';
            if (/auto.?merge is not allowed|not allowed.*auto.?merge/i.test(e.message)) {
                throw new core_errors/* PromoteError */.jG(`Auto-merge is not allowed in ${at.owner}/${at.repo}: enable Settings > General > Pull Requests > "Allow auto-merge", ` +
                    `or use strategy: merge. (GitHub: ${e.message})`);
            }
        }
        throw e;
    }
}
async function getRefSha(gh, at, branch) {
    try {
        const res = await gh.octokit.rest.git.getRef({ ...at, ref: `heads/${branch}` });
        return res.data.object.sha;
    }
    catch (e) {
        if ((0,client.statusOf)(e) === 404)
            return undefined;
        throw e;
    }
}
/**
 * Makes `branch` point at `baseSha` without losing anything: create it, fast-forward it, or replace it only when its
 * commits already reached the base through a merged pull request. `taken` when the branch holds commits that are not
 * on the base and no merged pull request explains them (another run may be writing it right now): it is left alone.
 */
async function prepareHeadBranch(gh, at, { branch, base, baseSha }) {
    // Most runs find no branch (the last one was deleted after its merge): create it, and read it only when it exists.
    if ((await createBranch(gh, at, branch, baseSha)) === 'created')
        return 'ready';
    const current = await getRefSha(gh, at, branch);
    // Deleted between our create and our read: start over.
    if (current === undefined)
        return 'moved';
    if (current === baseSha)
        return 'ready';
    const cmp = await gh.octokit.rest.repos.compareCommitsWithBasehead({
        ...at,
        basehead: `${baseSha}...${current}`,
        per_page: 1
    });
    if (cmp.data.ahead_by === 0) {
        await gh.writeOnce(async () => {
            await gh.octokit.rest.git.updateRef({ ...at, ref: `heads/${branch}`, sha: baseSha, force: false });
            return true;
        }, async () => ((await getRefSha(gh, at, branch)) === baseSha ? true : undefined));
        return 'ready';
    }
    const last = await findPullRequest(gh, at, { head: branch, base, state: 'closed' });
    if (last && last.merged && last.headSha === current) {
        // A parallel run of this promotion may have merged it after `baseSha` was read: then the change is on the base
        // now, and the caller must plan again rather than commit it a second time.
        if ((await getRefSha(gh, at, base)) !== baseSha)
            return 'moved';
        // Squash or rebase merges leave the head branch "ahead" though its change is on the base: safe to replace.
        await deleteBranch(gh, at, branch);
        return (await createBranch(gh, at, branch, baseSha)) === 'created' ? 'ready' : 'taken';
    }
    return 'taken';
}
/** Creates `branch` at `sha`: `created`, or `exists` when a branch of that name is there already (at any commit). */
async function createBranch(gh, at, branch, sha) {
    try {
        // A lost answer: the branch at our commit is the one we created.
        return await gh.writeOnce(async () => {
            await gh.octokit.rest.git.createRef({ ...at, ref: `refs/heads/${branch}`, sha });
            return 'created';
        }, async () => ((await getRefSha(gh, at, branch)) === sha ? 'created' : undefined));
    }
    catch (e) {
        if ((0,client.statusOf)(e) === 422 && /already exists/i.test((0,client.messageOf)(e)))
            return 'exists';
        throw e;
    }
}
async function deleteBranch(gh, at, branch) {
    // A lost answer: a branch that is gone was deleted.
    await gh.writeOnce(async () => {
        await gh.octokit.rest.git.deleteRef({ ...at, ref: `heads/${branch}` });
        return true;
    }, async () => ((await getRefSha(gh, at, branch)) === undefined ? true : undefined));
}
/**
 * Deletes a head branch that still points at `headSha` (after its merge, or a failed PR), never a moved one.
 * `justMerged`: the caller's own merge at that head just succeeded, which is the same proof as reading the branch.
 * Best effort.
 */
async function deleteMergedBranch(gh, at, branch, { headSha: mergedHeadSha, justMerged = false }) {
    try {
        if (!justMerged && (await getRefSha(gh, at, branch)) !== mergedHeadSha)
            return false;
        await deleteBranch(gh, at, branch);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/action/github/commit.ts
// One commit with every changed file, through GraphQL createCommitOnBranch: GitHub signs it (Verified) for App
// tokens, and `expectedHeadOid` makes it an atomic compare-and-swap of the branch head, so a commit someone else
// pushed meanwhile is never overwritten: GitHub refuses with STALE_DATA and we start again from the new head.



const CREATE_COMMIT = `mutation ($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit {
      oid
      url
    }
  }
}`;
/** The new commit's SHA, or `stale` when the branch no longer points at `expectedHead`. */
async function commitOnBranch(gh, at, req) {
    const [headline, ...rest] = req.message.split('\n');
    const send = async () => {
        try {
            const data = await gh.graphql(CREATE_COMMIT, {
                input: {
                    branch: { repositoryNameWithOwner: `${at.owner}/${at.repo}`, branchName: req.branch },
                    expectedHeadOid: req.expectedHead,
                    message: { headline: headline ?? '', body: rest.join('\n').trim() },
                    fileChanges: {
                        additions: req.files.map(f => ({ path: f.path, contents: Buffer.from(f.contents).toString('base64') }))
                    }
                }
            });
            return { sha: data.createCommitOnBranch.commit.oid };
        }
        catch (e) {
            if (e instanceof client.GraphQLRequestError &&
                (e.hasType('STALE_DATA') || /expected branch to point to/i.test(e.message))) {
                return 'stale';
            }
            throw e;
        }
    };
    return gh.writeOnce(send, () => findOwnCommit(gh, at, req));
}
/**
 * After a lost answer: whether the branch head is the commit we asked for. Still at `expectedHead`: it was not made
 * (undefined: send it again). A head whose only parent is `expectedHead` and whose changes are exactly our files
 * with our contents holds our tree on our parent: it is ours. Any other head: someone else moved the branch.
 */
async function findOwnCommit(gh, at, req) {
    const head = await getRefSha(gh, at, req.branch);
    if (head === req.expectedHead)
        return undefined;
    if (head === undefined)
        return 'stale';
    const { data } = await gh.octokit.rest.repos.getCommit({ ...at, ref: head, per_page: 100 });
    const parents = data.parents.map(p => p.sha);
    const changed = new Map((data.files ?? []).map(f => [f.filename, f.sha]));
    const ours = parents.length === 1 &&
        parents[0] === req.expectedHead &&
        changed.size === req.files.length &&
        req.files.every(f => changed.get(f.path) === blobSha(f.contents));
    return ours ? { sha: head } : 'stale';
}
/** Git's object id of a file's contents, as GitHub lists it for a commit's files. */
function blobSha(contents) {
    const bytes = Buffer.from(contents);
    return (0,external_node_crypto_.createHash)('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

;// CONCATENATED MODULE: ./src/core/refusals.ts
// GitHub's reasons for refusing a merge or a commit, sorted into what to do about them. Pure: tested directly.
// Requirements that only a person can meet; checked after the status-check wording, which means "wait".
const NEEDS_A_PERSON = /approving review|review(s)? (is |are )?required|review required|code owner|changes requested|requested changes|conversation|must be resolved|draft|signed|signature|deployment|locked/i;
const CHECKS_PENDING = /status checks? .*(is|are) (expected|pending|in progress)|(is|are) expected|required status check|checks? (is|are) (pending|in progress)|waiting for|base branch was modified|try again/i;
function classifyMergeRefusal(message, pr) {
    if (pr.merged)
        return { kind: 'merged' };
    if (pr.state === 'closed')
        return { kind: 'closed' };
    if (/merge queue/i.test(message))
        return { kind: 'queue-required' };
    if (/(merge commits|squash merges|rebase merges) are not allowed|merge method .*not allowed|not allowed.*merge method/i.test(message))
        return { kind: 'method-not-allowed', reason: message };
    if (pr.mergeable === false || pr.mergeableState === 'dirty')
        return { kind: 'conflict' };
    if (pr.mergeableState === 'behind' || /not up to date/i.test(message))
        return { kind: 'behind' };
    const requirement = ruleText(message);
    if (CHECKS_PENDING.test(requirement))
        return { kind: 'not-ready', reason: requirement };
    if (NEEDS_A_PERSON.test(requirement) || pr.mergeableState === 'draft')
        return { kind: 'blocked', requirement };
    return { kind: 'not-ready', reason: requirement };
}
/**
 * When GitHub refused a commit because of branch protection or a ruleset, the rule it named (e.g. "Changes must be
 * made through a pull request."); otherwise undefined.
 */
function pushRefusal(message) {
    if (!/repository rule violations|protected branch|GH006|GH013|branch protection|cannot update this protected ref/i.test(message))
        return undefined;
    return ruleText(message) || message.trim();
}
/** "Repository rule violations found\n\n- Changes must be made …\n\n" -> "Changes must be made …". */
function ruleText(message) {
    const lines = message
        .split('\n')
        .map(l => l.replace(/^\s*(?:remote:\s*)?[-*]?\s*/, '').trim())
        .filter(l => l !== '' && !/^repository rule violations found/i.test(l) && !/^review all repository rules/i.test(l));
    return lines.length > 0 ? lines.join(' ') : message.trim();
}

;// CONCATENATED MODULE: ./src/action/write/types.ts
/** `owner/name`, for messages. */
function repoName(at) {
    return `${at.owner}/${at.repo}`;
}
function unchanged(planned, landedAt) {
    return { changed: false, files: [], commit: planned.head, landedAt, plan: planned.plan };
}

// EXTERNAL MODULE: ./src/core/retry.ts
var retry = __webpack_require__(7253);
;// CONCATENATED MODULE: ./src/action/write/commit.ts
// One commit as a compare-and-swap on the head that was read; when the branch moved, read and plan again.








const MAX_ATTEMPTS = 5;
/**
 * Commits `planned` onto `branch`; on a moved head, plans again on the new head (bounded, jittered). Returns no sha
 * when, on a re-read, the branch already had the change, or (`headBranch`) was deleted meanwhile: a pull request's
 * branch goes away when a parallel run lands its PR. A commit refused by a rule fails at once, naming the rule.
 */
async function commitWithRetry({ gh, at, rt }, branch, change) {
    const { message, replan, headBranch = false } = change;
    let { planned } = change;
    const repo = repoName(at);
    for (let attempt = 1;; attempt++) {
        if (planned.plan.edits.length === 0)
            return { planned };
        const files = planned.plan.edits.map(e => ({ path: e.path, contents: e.after }));
        const head = planned.head;
        let result;
        try {
            result = await commitOnBranch(gh, at, { branch, expectedHead: head, message, files });
        }
        catch (e) {
            const rule = pushRefusal((0,client.messageOf)(e));
            if (rule)
                throw refusedCommit(repo, branch, rule);
            return (0,errors.step)(`commit to '${branch}'`, repo, 'contents: write', () => Promise.reject(e));
        }
        if (result !== 'stale')
            return { sha: result.sha, planned };
        if (attempt >= MAX_ATTEMPTS) {
            throw new core_errors/* PromoteError */.jG(`'${branch}' in ${repo} kept moving: ${MAX_ATTEMPTS} attempts to commit lost the race. Re-run the job.`);
        }
        const pause = (0,retry/* jittered */.et)(250 * attempt, 0.5, rt.random);
        rt.log.info(`'${branch}' moved while writing (someone else pushed); reading it again and re-applying in ${pause}ms.`);
        await rt.sleep(pause);
        try {
            planned = await replan(branch);
        }
        catch (e) {
            if (headBranch && (await getRefSha(gh, at, branch)) === undefined) {
                rt.log.info(`'${branch}' was deleted meanwhile (its pull request landed or was closed).`);
                return { planned, gone: true };
            }
            throw e;
        }
    }
}
function refusedCommit(repo, branch, rule) {
    return new core_errors/* PromoteError */.jG(`GitHub refused the commit onto '${branch}' in ${repo}: ${rule} Nothing was written. ` +
        `Use strategy: merge (or pull-request, or auto-merge) to land the change through a pull request.`);
}

;// CONCATENATED MODULE: ./src/action/write/push.ts
// strategy: push. One commit straight onto the branch, unless a rule says the branch only takes pull requests.





const RULE_WORDS = {
    pull_request: 'changes must be made through a pull request',
    merge_queue: 'changes must be made through the merge queue',
    update: 'updates are restricted'
};
async function push(ctx, first, message, replan) {
    const { gh, at, branch, rt } = ctx;
    const repo = repoName(at);
    // Read before writing, so that a refused push leaves nothing behind (not even a refused request).
    const rule = await (0,errors.step)(`read the rules of '${branch}'`, repo, 'metadata: read', () => directCommitRule(gh, at, branch));
    if (rule) {
        const source = rule.rulesetName ? `ruleset '${rule.rulesetName}'` : `a ruleset`;
        throw new core_errors/* PromoteError */.jG(`'${branch}' in ${repo} does not take direct commits: ${source} requires that ${RULE_WORDS[rule.type] ?? rule.type} ` +
            `(rule '${rule.type}'). Nothing was written. Use strategy: merge (or pull-request, or auto-merge) instead of push.`);
    }
    const { sha, planned } = await commitWithRetry(ctx, branch, { planned: first, message, replan });
    if (sha === undefined) {
        rt.log.info(`A concurrent commit already set the images on '${branch}' (${planned.head}): nothing to commit.`);
        return unchanged(planned, rt.clock());
    }
    rt.log.info(`Committed ${sha} onto '${branch}'.`);
    return {
        changed: true,
        files: planned.plan.edits.map(e => e.path),
        commit: sha,
        landedAt: rt.clock(),
        plan: planned.plan
    };
}

// EXTERNAL MODULE: ./src/action/github/files.ts + 1 modules
var github_files = __webpack_require__(8732);
// EXTERNAL MODULE: ./src/core/duration.ts
var duration = __webpack_require__(8571);
;// CONCATENATED MODULE: ./src/action/write/land/follow.ts






/** Polls within the write's budget; past it, a `timed-out` PromoteError saying what did not happen. */
function pollUntil({ budget, rt }, read, decide, how) {
    const timedOut = () => new core_errors/* PromoteError */.jG(how.notHappened, 'timed-out');
    return (0,retry/* pollUntil */.g3)(read, decide, { deadline: budget.deadline, pauseMs: how.pauseMs, timedOut }, rt);
}
function readPull(gh, at, number) {
    return () => (0,errors.step)(`read pull request #${number}`, repoName(at), 'pull-requests: read', () => getPullRequest(gh, at, number));
}
/** Waits until GitHub has moved the PR's head (after an update-branch); returns the PR with its new head. */
function waitForNewHead(ctx, pr, intervalMs) {
    const notHappened = `GitHub did not update the branch of #${pr.number} within ${(0,duration/* formatDuration */.a)(ctx.budget.timeoutMs)}: ${pr.url}`;
    return pollUntil(ctx, readPull(ctx.gh, ctx.at, pr.number), now => (now.headSha !== pr.headSha ? now : undefined), {
        pauseMs: Math.min(intervalMs, 2000),
        notHappened
    });
}
/** Waits until someone merges the PR; fails when it is closed unmerged. */
function waitForMerge(ctx, pr, intervalMs) {
    const { rt } = ctx;
    const notHappened = `Pull request #${pr.number} was not merged within ${(0,duration/* formatDuration */.a)(ctx.budget.timeoutMs)}: ${pr.url}`;
    return pollUntil(ctx, readPull(ctx.gh, ctx.at, pr.number), now => {
        if (now.merged && now.mergeCommitSha) {
            rt.log.info(`#${pr.number} was merged as ${now.mergeCommitSha}.`);
            return { commit: now.mergeCommitSha, headSha: now.headSha };
        }
        if (now.state === 'closed')
            throw closedUnmerged(pr);
        return undefined;
    }, { pauseMs: intervalMs, notHappened });
}
function closedUnmerged(pr) {
    return new core_errors/* PromoteError */.jG(`Pull request #${pr.number} was closed without being merged: ${pr.url}`);
}

;// CONCATENATED MODULE: ./src/action/write/land/merge-queue.ts







function queueState(gh, at, number) {
    return (0,errors.step)(`read pull request #${number}`, repoName(at), 'pull-requests: read', () => readQueueState(gh, at, number));
}
/** Adds the PR to the queue at the head we wrote (unless it is queued already), then follows it. */
async function enqueueAndFollow(ctx, pr, before, intervalMs) {
    const { gh, at, rt } = ctx;
    if (before.entry) {
        rt.log.info(`#${pr.number} is already in the merge queue (position ${before.entry.position}).`);
    }
    else {
        try {
            const entry = await (0,errors.step)(`add #${pr.number} to the merge queue`, repoName(at), 'contents: write', () => enqueuePullRequest(gh, at, pr, before.headSha));
            rt.log.info(`Added #${pr.number} to the merge queue${entry ? ` (position ${entry.position})` : ''}.`);
        }
        catch (e) {
            if (e instanceof client.GraphQLRequestError) {
                throw new core_errors/* PromoteError */.jG(`GitHub did not add #${pr.number} to the merge queue: ${e.message}. ${pr.url}`);
            }
            throw e;
        }
    }
    return followQueue(ctx, pr, before, { mode: 'enqueued', intervalMs });
}
/**
 * Reads the PR until it is merged (its merge commit is what the queue put on the base), closed, or dropped from the
 * queue (a removal newer than `before`'s). `auto-merge`: GitHub queues the PR once it is ready; auto-merge turned
 * off without a merge means it will not happen.
 */
function followQueue(ctx, pr, before, { mode, intervalMs }) {
    const { gh, at, rt } = ctx;
    let lastEntry = before.entry?.state ?? '';
    const notHappened = `Pull request #${pr.number} was not merged within ${(0,duration/* formatDuration */.a)(ctx.budget.timeoutMs)}: ${pr.url}`;
    return pollUntil(ctx, () => queueState(gh, at, pr.number), now => {
        if (now.state === 'MERGED' && now.mergeCommit) {
            rt.log.info(`#${pr.number} was merged as ${now.mergeCommit}.`);
            return { commit: now.mergeCommit, headSha: now.headSha };
        }
        if (now.state === 'CLOSED')
            throw closedUnmerged(pr);
        if (now.entry) {
            if (now.entry.state !== lastEntry)
                rt.log.info(`#${pr.number} in the merge queue: ${now.entry.state.toLowerCase()}, position ${now.entry.position}.`);
            lastEntry = now.entry.state;
            return undefined;
        }
        const removedNow = now.removed && now.removed.at !== before.removed?.at;
        if (removedNow) {
            throw new core_errors/* PromoteError */.jG(`Pull request #${pr.number} was removed from the merge queue: ${now.removed?.reason ?? 'no reason given'}. ${pr.url}`);
        }
        if (mode === 'auto-merge' && !now.autoMergeEnabled) {
            throw new core_errors/* PromoteError */.jG(`Auto-merge was turned off on #${pr.number} before it merged (by a person, or by GitHub after a conflict or a push): ${pr.url}`);
        }
        return undefined;
    }, { pauseMs: intervalMs, notHappened });
}

;// CONCATENATED MODULE: ./src/action/write/land/merge.ts
// strategy: merge. Merge at once; a refusal is classified (see ../refusals.ts): wait, update, enqueue, or fail now.









async function mergeNow(ctx, pr, opts, 
/** The queue state when the caller has just read it (auto-merge), so it is not read twice. */
known) {
    const { gh, at, budget, rt } = ctx;
    const repo = repoName(at);
    // A base with a merge queue only takes the PR through the queue, even from a token that could merge around it.
    const before = known ?? (await queueState(gh, at, pr.number));
    if (before.queueEnabled)
        return enqueueAndFollow(ctx, pr, before, opts.intervalMs);
    let lastReason = '';
    for (;;) {
        const res = await (0,errors.step)(`merge #${pr.number}`, repo, 'contents: write', () => mergePullRequest(gh, at, pr, opts));
        if (res.merged) {
            rt.log.info(`Merged #${pr.number} (${opts.mergeMethod}) as ${res.sha}.`);
            return { commit: res.sha, headSha: pr.headSha, mergedHere: true };
        }
        const now = await (0,errors.step)(`read pull request #${pr.number}`, repo, 'pull-requests: read', () => getPullRequest(gh, at, pr.number));
        if ('headMoved' in res && !now.merged && now.state === 'open' && now.headSha !== pr.headSha) {
            // The shared PR of this promotion, updated by a later run: it is merged as it is now, and the wait checks that
            // the merge commit still holds this run's values.
            rt.log.info(`#${pr.number} moved to ${now.headSha.slice(0, 7)} while merging (another run updated it); merging it as it is.`);
            pr = now;
            continue;
        }
        const refusal = classifyMergeRefusal(res.reason, now);
        switch (refusal.kind) {
            case 'merged':
                if (now.mergeCommitSha) {
                    rt.log.info(`#${pr.number} was merged meanwhile as ${now.mergeCommitSha}.`);
                    return { commit: now.mergeCommitSha, headSha: now.headSha };
                }
                break;
            case 'queue-required':
                return enqueueAndFollow(ctx, pr, await queueState(gh, at, pr.number), opts.intervalMs);
            case 'behind':
                pr = await catchUp(ctx, pr, now, opts.intervalMs);
                continue;
            case 'not-ready': {
                if (refusal.reason !== lastReason)
                    rt.log.info(`#${pr.number} is not mergeable yet: ${refusal.reason}. Retrying.`);
                lastReason = refusal.reason;
                if (rt.clock() + opts.intervalMs > budget.deadline) {
                    throw new core_errors/* PromoteError */.jG(`Pull request #${pr.number} could not be merged within ${(0,duration/* formatDuration */.a)(budget.timeoutMs)}: ${refusal.reason}. ${pr.url}`, 'timed-out');
                }
                await rt.sleep(opts.intervalMs);
                break;
            }
            default:
                throw await refusedForGood(ctx, pr, opts, refusal);
        }
    }
}
/**
 * The base moved and requires up-to-date branches (another promotion landed): merge it into the PR's branch and
 * return the PR at its new head. When the head already moved, the PR as it is now.
 */
async function catchUp(ctx, pr, now, intervalMs) {
    const { gh, at, branch: base, rt } = ctx;
    if (now.headSha !== pr.headSha)
        return now;
    rt.log.info(`#${pr.number} is behind '${base}': updating its branch.`);
    await (0,errors.step)(`update the branch of #${pr.number}`, repoName(at), 'contents: write', () => updateBranch(gh, at, pr, base));
    return waitForNewHead(ctx, pr, intervalMs);
}
/** The error for a refusal that retrying cannot get past: closed, a method not allowed, a person needed, a conflict. */
async function refusedForGood({ gh, at, branch: base }, pr, opts, refusal) {
    switch (refusal.kind) {
        case 'closed':
            return closedUnmerged(pr);
        case 'method-not-allowed': {
            const allowed = await (0,errors.step)('read the repository settings', repoName(at), 'metadata: read', () => allowedMergeMethods(gh, at));
            return new core_errors/* PromoteError */.jG(`Input 'merge-method' is '${opts.mergeMethod}', which ${repoName(at)} does not allow (GitHub: ${refusal.reason}). ` +
                `Set merge-method to one the repository allows: ${allowed.join(', ') || 'none is enabled'}. ${pr.url}`);
        }
        case 'blocked':
            return new core_errors/* PromoteError */.jG(`Pull request #${pr.number} cannot be merged until a person acts: ${refusal.requirement} ${pr.url} ` +
                `(strategy: pull-request waits for that; strategy: auto-merge merges once it is done).`);
        case 'conflict':
            return new core_errors/* PromoteError */.jG(`Pull request #${pr.number} conflicts with '${base}': ${pr.url}. Resolve the conflict or close it and re-run.`);
    }
}

;// CONCATENATED MODULE: ./src/action/write/land/auto-merge.ts
// strategy: auto-merge. Enable GitHub's auto-merge and follow the PR; GitHub merges it (or queues it) when ready.





async function autoMerge(ctx, pr, opts) {
    const { gh, at, rt } = ctx;
    const before = await queueState(gh, at, pr.number);
    const state = await (0,errors.step)(`enable auto-merge on #${pr.number}`, repoName(at), 'pull-requests: write', () => enableAutoMerge(gh, at, pr, opts));
    if (state === 'clean') {
        rt.log.info(`#${pr.number} has nothing to wait for: merging it now.`);
        return mergeNow(ctx, pr, opts, before);
    }
    rt.log.info(before.queueEnabled
        ? `Auto-merge enabled on #${pr.number}; GitHub adds it to the merge queue once it is ready.`
        : `Auto-merge enabled on #${pr.number}; waiting for GitHub to merge it.`);
    return followQueue(ctx, pr, before, { mode: 'auto-merge', intervalMs: opts.intervalMs });
}

;// CONCATENATED MODULE: ./src/action/write/land/index.ts




/** Lands `pr` onto `ctx.branch`, its base. */
function landPullRequest(ctx, pr, landing, opts) {
    switch (landing) {
        case 'merge':
            return mergeNow(ctx, pr, opts);
        case 'auto-merge':
            return autoMerge(ctx, pr, opts);
        case 'leave-open':
            return Promise.resolve({ commit: pr.headSha, headSha: pr.headSha });
        case 'pull-request':
            ctx.rt.log.info(`Waiting up to ${(0,duration/* formatDuration */.a)(ctx.budget.timeoutMs)} for someone to merge #${pr.number}: ${pr.url}`);
            return waitForMerge(ctx, pr, opts.intervalMs);
    }
}

;// CONCATENATED MODULE: ./src/action/write/pull-request.ts
// strategies merge, auto-merge, pull-request: the change goes onto a head branch, a pull request carries it, and it
// lands as the landing mode says. Runs of the same promotion share the branch and its one open pull request: a run
// that finds another's PR updates and lands that one, and one that finds the branch mid-write waits for its PR.








/** How long a run waits for another run that is writing the same head branch to open its pull request. */
const TAKEN_BRANCH_PATIENCE_MS = 15_000;
async function viaPullRequest(ctx, { first, plan, text }, opts, progress) {
    const { gh, at, branch: base, rt } = ctx;
    const repo = repoName(at);
    const prBranch = opts.prBranch;
    const change = { replan: plan, message: text.message, title: text.title, body: text.body(first.plan) };
    const takenSince = { at: undefined };
    let planned = first;
    for (;;) {
        const open = await (0,errors.step)('list pull requests', repo, 'pull-requests: read', () => findPullRequest(gh, at, { head: prBranch, base, state: 'open' }));
        let pr;
        if (open) {
            const updated = await updateOpen(ctx, open, prBranch, change);
            if (updated === 'gone') {
                // Its branch went away: the PR was merged (by another run of this promotion) or closed meanwhile.
                const now = await getPullRequest(gh, at, open.number);
                if (now.merged && now.mergeCommitSha) {
                    rt.log.info(`#${open.number} was merged meanwhile as ${now.mergeCommitSha}.`);
                    return landedOutcome(rt, progress, {
                        pr: now,
                        landed: { commit: now.mergeCommitSha, headSha: now.headSha },
                        planned
                    });
                }
                continue;
            }
            pr = updated;
        }
        else {
            // The base may have moved since it was read, e.g. another run landed this same promotion: plan on it again.
            const head = await (0,errors.step)(`read branch '${base}'`, repo, 'contents: read', () => (0,github_files/* branchHead */.P)(gh, at, base));
            if (head !== planned.head)
                planned = await plan(base);
            if (planned.plan.edits.length === 0) {
                rt.log.info(`'${base}' already has the change at ${planned.head}: nothing to commit.`);
                return unchanged(planned, rt.clock());
            }
            const state = await (0,errors.step)(`prepare branch '${prBranch}'`, repo, 'contents: write', () => prepareHeadBranch(gh, at, { branch: prBranch, base, baseSha: planned.head }));
            if (state === 'taken') {
                await waitForTakenBranch(ctx, prBranch, takenSince);
                continue;
            }
            if (state === 'moved')
                continue;
            pr = await commitAndOpen(ctx, planned, prBranch, change);
            if (!pr)
                continue;
        }
        return labelAndLand(ctx, { opened: pr, planned }, opts, progress);
    }
}
/** Labels the PR, lands it as the landing mode says, and deletes its merged branch. */
async function labelAndLand(ctx, { opened, planned }, opts, progress) {
    const { gh, at, rt } = ctx;
    progress.pr = { number: opened.number, url: opened.url };
    progress.onOpened?.(progress.pr);
    await (0,errors.step)(`label pull request #${opened.number}`, repoName(at), 'pull-requests: write', () => addLabels(gh, at, opened.number, opts.labels));
    const landed = await landPullRequest(ctx, opened, opts.landing, opts.merge);
    if (opts.landing === 'leave-open')
        return landedOutcome(rt, progress, { pr: opened, landed, planned });
    if (await deleteMergedBranch(gh, at, opts.prBranch, { headSha: landed.headSha, justMerged: landed.mergedHere }))
        rt.log.info(`Deleted merged branch '${opts.prBranch}'.`);
    return landedOutcome(rt, progress, { pr: opened, landed, planned });
}
function landedOutcome(rt, progress, { pr, landed, planned }) {
    const info = { number: pr.number, url: pr.url };
    progress.pr = info;
    const files = planned.plan.edits.map(e => e.path);
    return { changed: true, files, commit: landed.commit, landedAt: rt.clock(), plan: planned.plan, pr: info };
}
/** Brings an open PR's branch and text up to date; `gone` when its branch no longer exists. */
async function updateOpen({ gh, at, rt }, pr, branch, { replan: plan, message, title, body }) {
    const repo = repoName(at);
    if ((await getRefSha(gh, at, branch)) === undefined)
        return 'gone';
    rt.log.info(`Updating open pull request #${pr.number} (${pr.url}).`);
    const onPr = await plan(branch);
    const { sha, gone } = await commitWithRetry({ gh, at, rt }, branch, {
        planned: onPr,
        message,
        replan: plan,
        headBranch: true
    });
    if (gone)
        return 'gone';
    if (sha)
        rt.log.info(`Committed ${sha} onto '${branch}'.`);
    await (0,errors.step)(`update pull request #${pr.number}`, repo, 'pull-requests: write', () => updatePullRequest(gh, at, pr, { title, body }));
    return { ...pr, headSha: sha ?? pr.headSha };
}
/** Commits onto the prepared head branch and opens the PR (or takes the one a parallel run just opened). */
async function commitAndOpen({ gh, at, branch: base, rt }, planned, prBranch, { replan: plan, message, title, body }) {
    const repo = repoName(at);
    const { sha } = await commitWithRetry({ gh, at, rt }, prBranch, { planned, message, replan: plan, headBranch: true });
    // Another run committed the same change onto the branch first (its PR is about to appear), or landed its PR and
    // deleted the branch: look again.
    if (!sha)
        return undefined;
    rt.log.info(`Committed ${sha} onto '${prBranch}'.`);
    try {
        const pr = await (0,errors.step)('open a pull request', repo, 'pull-requests: write', () => openPullRequest(gh, at, { head: prBranch, base, title, body }));
        rt.log.info(`Opened pull request #${pr.number}: ${pr.url}`);
        return pr;
    }
    catch (e) {
        // Leave nothing misleading behind: remove the branch this run made, or say where it is.
        const removed = await deleteMergedBranch(gh, at, prBranch, { headSha: sha });
        if (e instanceof Error) {
            e.message += removed
                ? ` The branch '${prBranch}' made for it was deleted again.`
                : ` The branch '${prBranch}' with commit ${sha} was left in ${repo}.`;
        }
        throw e;
    }
}
/**
 * The head branch has commits that are not on the base and no PR: another run may be between its commit and its
 * pull request. Wait a little for that PR; a branch that stays that way is someone else's work and is left alone.
 */
async function waitForTakenBranch({ at, branch: base, budget, rt }, prBranch, since) {
    since.at ??= rt.clock();
    const pause = (0,retry/* jittered */.et)(300, 0.5, rt.random);
    if (rt.clock() - since.at + pause > TAKEN_BRANCH_PATIENCE_MS || rt.clock() + pause > budget.deadline) {
        throw new core_errors/* PromoteError */.jG(`Branch '${prBranch}' in ${repoName(at)} has commits that are not on '${base}' and no open pull request. ` +
            `Delete the branch or set 'pr-branch' to another name; gitops-promote never overwrites commits.`);
    }
    if (since.at === rt.clock())
        rt.log.info(`'${prBranch}' is being written by another run; waiting for its pull request.`);
    await rt.sleep(pause);
}

// EXTERNAL MODULE: ./src/action/write/plan.ts
var plan = __webpack_require__(9847);
// EXTERNAL MODULE: ./src/core/templates.ts
var templates = __webpack_require__(4576);
// EXTERNAL MODULE: ./src/core/charts.ts
var core_charts = __webpack_require__(6250);
;// CONCATENATED MODULE: ./src/action/write/pr-text.ts


function templateValues(t, branch) {
    const { images, charts } = (0,core_charts/* splitTargets */.$e)(t.targets);
    return {
        images: images.map(x => x.line).join(', '),
        charts: charts.map(x => x.line).join(', '),
        branch,
        paths: t.paths.join(', '),
        run_url: t.runUrl
    };
}
function promotionText(t, branch) {
    const values = templateValues(t, branch);
    return {
        message: (0,templates/* expandTemplate */.Ly)(t.commitMessage, values),
        title: (0,templates/* expandTemplate */.Ly)(t.prTitle, values),
        body: plan => (t.prBody ? (0,templates/* expandTemplate */.Ly)(t.prBody, values) : defaultBody(t, branch, plan))
    };
}
function defaultBody(t, branch, plan) {
    const rows = t.targets.map(x => {
        const before = plan.previous[x.line] ?? [];
        return `| \`${before.join('`, `') || '(none)'}\` | \`${x.line}\` |`;
    });
    const files = plan.edits.map(e => `- \`${e.path}\` (${e.changes.length} value${e.changes.length === 1 ? '' : 's'})`);
    const promotion = t.promotion && t.promotion.length > 0 ? [...t.promotion.map(l => `- ${l}`), ''] : [];
    const { images, charts } = (0,core_charts/* splitTargets */.$e)(t.targets);
    const what = charts.length === 0 ? 'images' : images.length === 0 ? 'charts' : 'images and charts';
    return [
        `Promotes ${what} on \`${branch}\`.`,
        '',
        ...promotion,
        '| from | to |',
        '| --- | --- |',
        ...rows,
        '',
        'Changed files:',
        ...files,
        '',
        t.runUrl ? `Opened by [gitops-promote](${t.runUrl}).` : 'Opened by gitops-promote.'
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/action/write/pr-branch.ts
/** `gitops-promote/<branch>/<last path segment of the first image>`: stable, so a re-run finds its own PR. */
function defaultPrBranch(branch, targets) {
    const first = targets[0];
    const name = first
        ? first.kind === 'chart'
            ? first.chart
            : first.kind === 'policy'
                ? first.policy
                : first.ref.path.split('/').pop()
        : 'images';
    return `gitops-promote/${branch}/${name}`;
}

;// CONCATENATED MODULE: ./src/action/write/revert.ts


/** Pure: the revert of `written` over the files as they are now, and the files left alone because they changed. */
function planRevert(written, now) {
    const edits = [];
    const skipped = [];
    for (const e of written) {
        if (now.get(e.path) === e.after) {
            edits.push({
                path: e.path,
                before: e.after,
                after: e.before,
                changes: e.changes.map(c => ({ ...c, from: c.to, to: c.from }))
            });
        }
        else
            skipped.push(e.path);
    }
    return { plan: { edits, scanned: written.map(e => e.path), warnings: [], previous: {} }, skipped };
}
/** A planner for the write path that reads the branch and plans the revert there; `skipped` holds the latest skips. */
function revertPlanner(gh, at, written) {
    let skipped = [];
    const repo = `${at.owner}/${at.repo}`;
    return {
        skipped: () => skipped,
        plan: async (branch) => {
            const head = await (0,errors.step)(`read branch '${branch}'`, repo, 'contents: read', () => (0,github_files/* branchHead */.P)(gh, at, branch));
            const files = await (0,errors.step)(`download ${head.slice(0, 7)}`, repo, 'contents: read', () => (0,github_files/* readManifests */.PX)(gh, at, head, written.map(e => e.path)));
            const r = planRevert(written, files);
            skipped = r.skipped;
            return { head, plan: r.plan };
        }
    };
}
function revertText(original, commit, why) {
    const headline = `Revert "${original.message.split('\n')[0] ?? ''}"`;
    return {
        message: `${headline}\n\nThe rollout of ${commit} failed: ${why.split('\n')[0] ?? ''}\nThis restores the previous values.`,
        title: `Revert "${original.title}"`,
        body: plan => [
            `Rolls back ${commit}: its rollout failed.`,
            '',
            '> ' + (why.split('\n')[0] ?? ''),
            '',
            'Restored files:',
            ...plan.edits.map(e => `- \`${e.path}\``)
        ].join('\n')
    };
}

;// CONCATENATED MODULE: ./src/action/write/index.ts



async function write(ctx, change, opts, progress = {}) {
    const { branch, rt } = ctx;
    const { first, plan, text } = change;
    if (first.plan.edits.length === 0) {
        rt.log.info(`'${branch}' already has the change at ${first.head}: nothing to commit.`);
        return unchanged(first, rt.clock());
    }
    if (opts.strategy === 'push')
        return push(ctx, first, text.message, plan);
    return viaPullRequest(ctx, change, {
        prBranch: opts.prBranch,
        labels: opts.prLabels,
        landing: opts.strategy === 'pull-request' && opts.leaveOpen ? 'leave-open' : opts.strategy,
        merge: { mergeMethod: opts.mergeMethod, commit: write_commitText(text.message), intervalMs: opts.intervalMs }
    }, progress);
}
/** A commit message as a title (its first line) and a body (the rest). */
function write_commitText(message) {
    const [title = '', ...rest] = message.split('\n');
    return { title: title.trim(), body: rest.join('\n').trim() };
}






/***/ })

};
