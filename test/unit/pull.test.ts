import { describe, expect, it } from "vitest";
import type { Runner, RunOptions, RunResult } from "../../src/host/runner.js";
import { PULL_MESSAGES } from "../../src/i18n/catalog/pull.js";
import {
  explainPullResult,
  explainRetry,
  type PullEvent,
  type PullOptions,
  type PullResult,
  pullImages,
  summarisePulls,
} from "../../src/images/pull.js";
import {
  classifyPullError,
  ctrAddress,
  formatSize,
  isRuntimeError,
  parseImageList,
  parseSize,
  progressTracker,
} from "../../src/images/pull-output.js";
import { InvalidReferenceError } from "../../src/images/reference.js";
import { FakeRunner, type Reply } from "../fakes/runner.js";

// --- what ctr 1.6 really prints (captured from `ctr images pull` against a local registry).

const TS = 'time="2026-11-23T09:28:00Z" level=info msg=';
const STDERR = {
  /** hosts.toml mirror lacks the tag; the upstream behind it is blocked (dead proxy). */
  mirrorMissingUpstreamBlocked: [
    `${TS}"trying next host - response was http.StatusNotFound" host="127.0.0.1:45124"`,
    `${TS}"trying next host" error="failed to do request: Head \\"https://registry.aliyuncs.com/v2/google_containers/kube-apiserver/manifests/v9.9.9\\": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused" host=registry.aliyuncs.com`,
    'ctr: failed to resolve reference "registry.aliyuncs.com/google_containers/kube-apiserver:v9.9.9": failed to do request: Head "https://registry.aliyuncs.com/v2/google_containers/kube-apiserver/manifests/v9.9.9": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused',
  ].join("\n"),
  /** Every host answered 404. */
  notFound: [
    `${TS}"trying next host - response was http.StatusNotFound" host="127.0.0.1:45123"`,
    `${TS}"trying next host - response was http.StatusNotFound" host="127.0.0.1:45123"`,
    'ctr: failed to resolve reference "reg.example/google_containers/kube-apiserver:v0": reg.example/google_containers/kube-apiserver:v0: not found',
  ].join("\n"),
  blobMissing:
    "ctr: failed to copy: httpReadSeeker: failed open: could not fetch content descriptor sha256:027e2df826ada57544a7a9b08e6bdd7f99bcc1b8666513f22f4b6060f309abbd (application/vnd.oci.image.layer.v1.tar+gzip) from remote: not found",
  mirrorDown: [
    `${TS}"trying next host" error="failed to do request: Head \\"http://127.0.0.1:45199/v2/google_containers/kube-apiserver/manifests/v1.33.3?ns=registry.aliyuncs.com\\": dial tcp 127.0.0.1:45199: connect: connection refused" host="127.0.0.1:45199"`,
    `${TS}"trying next host" error="failed to do request: Head \\"https://registry.aliyuncs.com/v2/google_containers/kube-apiserver/manifests/v1.33.3\\": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused" host=registry.aliyuncs.com`,
    'ctr: failed to resolve reference "registry.aliyuncs.com/google_containers/kube-apiserver:v1.33.3": failed to do request: Head "http://127.0.0.1:45199/v2/google_containers/kube-apiserver/manifests/v1.33.3?ns=registry.aliyuncs.com": dial tcp 127.0.0.1:45199: connect: connection refused',
  ].join("\n"),
  noSuchHost:
    'ctr: failed to resolve reference "registry.aliyuncs.com/google_containers/pause:3.10": failed to do request: Head "https://registry.aliyuncs.com/v2/google_containers/pause/manifests/3.10": dial tcp: lookup registry.aliyuncs.com on 10.255.255.53:53: no such host',
  ioTimeout:
    'ctr: failed to resolve reference "registry.k8s.io/pause:3.10": failed to do request: Head "https://registry.k8s.io/v2/pause/manifests/3.10": dial tcp 34.96.108.209:443: i/o timeout',
  handshakeTimeout:
    'ctr: failed to resolve reference "registry.k8s.io/pause:3.10": failed to do request: Head "https://registry.k8s.io/v2/pause/manifests/3.10": net/http: TLS handshake timeout',
  tokenRefused: [
    `${TS}"trying next host" error="failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized" host="127.0.0.1:45130"`,
    `${TS}"trying next host" error="failed to do request: Head \\"https://fake.example/v2/deny/x/manifests/1\\": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused" host=fake.example`,
    'ctr: failed to resolve reference "fake.example/deny/x:1": failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized',
  ].join("\n"),
  forbidden:
    'ctr: failed to resolve reference "fake.example/forbid/x:1": pulling from host 127.0.0.1:45130 failed with status code [manifests 1]: 403 Forbidden',
  basic:
    'ctr: failed to resolve reference "fake.example/basic/x:1": pulling from host 127.0.0.1:45130 failed with status code [manifests 1]: 401 Unauthorized',
  hubDenied:
    'ctr: failed to resolve reference "docker.io/library/nosuchimage:1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
  serverError:
    'ctr: failed to resolve reference "fake.example/err500/x:1": pulling from host 127.0.0.1:45130 failed with status code [manifests 1]: 500 Internal Server Error',
  rateLimited:
    'ctr: failed to resolve reference "fake.example/toomany/x:1": pulling from host 127.0.0.1:45130 failed with status code [manifests 1]: 429 Too Many Requests',
  x509: [
    `${TS}"trying next host" error="failed to do request: Head \\"https://127.0.0.1:45131/v2/a/b/manifests/1?ns=tls.example\\": x509: certificate relies on legacy Common Name field, use SANs instead" host="127.0.0.1:45131"`,
    'ctr: failed to resolve reference "tls.example/a/b:1": failed to do request: Head "https://127.0.0.1:45131/v2/a/b/manifests/1?ns=tls.example": x509: certificate relies on legacy Common Name field, use SANs instead',
  ].join("\n"),
  httpsToHttp:
    'ctr: failed to resolve reference "tls2.example/a/b:1": failed to do request: Head "https://127.0.0.1:45130/v2/a/b/manifests/1?ns=tls2.example": http: server gave HTTP response to HTTPS client',
  noDaemon:
    'ctr: failed to dial "/tmp/exp/nope.sock": context deadline exceeded: connection error: desc = "transport: error while dialing: dial unix:///tmp/exp/nope.sock: timeout"',
};

const E = "\u001b";
const bar = (full: boolean) => `|${E}[32m${full ? "+".repeat(38) : ""}${E}[0m${full ? "" : "-".repeat(38)}|`;
const MANIFEST = "manifest-sha256:c16c9ce711b6c7eb9afe04a2ab1b45964a66f88adeb37cf7e2acd6bc7118dff7";
const LAYER = "layer-sha256:826ebb388cdd1e2ae5e939525b164cf36bf84548439b0f40d65b246b77d0e1f5";
const CONFIG = "config-sha256:968891fc6d1e782bcd7079d8fb42eddef47aca0ccc6f513ba0ec4fa89f1ce74a";
const REF = "registry.aliyuncs.com/google_containers/kube-apiserver:v1.33.2";
/** Four consecutive tables of a real pull (ctr redraws the whole table every 100 ms). */
const PROGRESS = [
  `${REF}: resolving      ${bar(false)} `,
  "elapsed: 0.1 s                                                  total:   0.0 B (0.0 B/s)     ",
  `${REF}:                   resolved       ${bar(true)} `,
  `${MANIFEST}: downloading    ${bar(false)}    0.0 B/405.0 B `,
  "elapsed: 0.2 s                                                                    total:   0.0 B (0.0 B/s)  ",
  `${MANIFEST}: done           ${bar(true)} `,
  `${LAYER}:    downloading    ${bar(false)}    0.0 B/2.9 MiB `,
  `${CONFIG}:   downloading    ${bar(false)}    0.0 B/163.0 B `,
  "elapsed: 0.4 s                                                                    total:  405.0  (1006.0 B/s)  ",
  `${MANIFEST}: done           ${bar(true)} `,
  `${LAYER}:    downloading    |${E}[32m+++++++++++++${E}[0m-------------------------|  1.0 MiB/2.9 MiB `,
  `${CONFIG}:   done           ${bar(true)} `,
  "elapsed: 1.1 s                                                                    total:  1.0 Mi (930.8 KiB/s) ",
  `${MANIFEST}: done           ${bar(true)} `,
  `${LAYER}:    done           ${bar(true)} `,
  `${CONFIG}:   done           ${bar(true)} `,
  "elapsed: 2.0 s                                                                    total:  2.0 Mi (1023.9 KiB/s) ",
  "unpacking linux/amd64 sha256:c16c9ce711b6c7eb9afe04a2ab1b45964a66f88adeb37cf7e2acd6bc7118dff7...",
  "done: 19.634461ms\t",
];

const LS_HEADER =
  "REF                                                            TYPE                                       DIGEST                                                                  SIZE    PLATFORMS   LABELS                          ";
const lsLine = (ref: string, size: string) =>
  `${ref} application/vnd.oci.image.manifest.v1+json sha256:c16c9ce711b6c7eb9afe04a2ab1b45964a66f88adeb37cf7e2acd6bc7118dff7 ${size} linux/amd64 io.cri-containerd.image=managed `;

// --- a scripted Runner

type Handler = (argv: string[], opts: RunOptions) => Reply | Promise<Reply>;

/** Answers each command from an async handler (FakeRunner builds the result), tracking how many run at once. */
class ScriptedRunner implements Runner {
  readonly calls: { argv: string[]; opts: RunOptions }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly dry: FakeRunner;
  constructor(
    private readonly handler: Handler,
    readonly dryRun = false,
  ) {
    this.dry = new FakeRunner({}, dryRun);
  }

  get recorded(): readonly string[] {
    return this.dry.recorded;
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    this.calls.push({ argv: [...argv], opts });
    if (this.dryRun && opts.changes) return this.dry.run(argv, opts);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const reply = await this.handler([...argv], opts);
      return await new FakeRunner({ [argv.join(" ")]: reply }).run(argv, opts);
    } finally {
      this.inFlight--;
    }
  }

  get pulls(): string[] {
    return this.calls.filter((c) => c.argv.includes("pull")).map((c) => c.argv.at(-1) as string);
  }
}

const isPull = (argv: string[]) => argv.includes("pull");
const pullRef = (argv: string[]) => argv.at(-1) as string;
const fail = (stderr: string): Reply => ({ exitCode: 1, stderr });

/** ls: nothing present (or `present`); pull: `onPull`. */
function handler(
  onPull: (ref: string, argv: string[], opts: RunOptions) => Reply | Promise<Reply>,
  present = "",
): Handler {
  return (argv, opts) => {
    if (isPull(argv)) return onPull(pullRef(argv), argv, opts);
    const filter = argv.find((a) => a.startsWith("name=="));
    if (filter) return { stdout: `${LS_HEADER}\n${lsLine(filter.slice(6), "2.9 MiB")}\n` };
    return { stdout: `${LS_HEADER}\n${present}` };
  };
}

function options(runner: Runner, extra: Partial<PullOptions> = {}) {
  const events: [string, PullEvent][] = [];
  const sleeps: number[] = [];
  const opts: PullOptions = {
    runner,
    address: "/run/containerd/containerd.sock",
    hostsDir: "/etc/containerd/certs.d",
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onEvent: (image, e) => events.push([image, e]),
    ...extra,
  };
  return { opts, events, sleeps };
}

const KUBE = [
  "registry.aliyuncs.com/google_containers/kube-apiserver:v1.33.2",
  "registry.aliyuncs.com/google_containers/kube-controller-manager:v1.33.2",
  "registry.aliyuncs.com/google_containers/kube-scheduler:v1.33.2",
  "registry.aliyuncs.com/google_containers/kube-proxy:v1.33.2",
  "registry.aliyuncs.com/google_containers/coredns:v1.12.0",
  "registry.aliyuncs.com/google_containers/pause:3.10",
  "registry.aliyuncs.com/google_containers/etcd:3.5.21-0",
];

describe("ctrAddress", () => {
  it("takes the path of a unix criSocket", () => {
    expect(ctrAddress("unix:///run/containerd/containerd.sock")).toBe("/run/containerd/containerd.sock");
    expect(ctrAddress("/var/run/containerd/containerd.sock")).toBe("/var/run/containerd/containerd.sock");
  });
  it("refuses anything else", () => {
    expect(() => ctrAddress("npipe:////./pipe/containerd-containerd")).toThrow(/not a unix socket/);
    expect(() => ctrAddress("unix://relative.sock")).toThrow(/not a unix socket/);
    expect(() => ctrAddress("")).toThrow();
  });
});

describe("classifyPullError on ctr 1.6 stderr", () => {
  it.each([
    ["mirrorMissingUpstreamBlocked", "not-found", "127.0.0.1:45124"],
    ["notFound", "not-found", "127.0.0.1:45123"],
    ["blobMissing", "not-found", undefined],
    ["mirrorDown", "unreachable", "127.0.0.1:45199"],
    ["noSuchHost", "unreachable", "registry.aliyuncs.com"],
    ["ioTimeout", "unreachable", "registry.k8s.io"],
    ["handshakeTimeout", "unreachable", "registry.k8s.io"],
    ["tokenRefused", "unauthorized", "127.0.0.1:45130"],
    ["forbidden", "unauthorized", "127.0.0.1:45130"],
    ["basic", "unauthorized", "127.0.0.1:45130"],
    ["hubDenied", "unauthorized", undefined],
    ["serverError", "other", "127.0.0.1:45130"],
    ["rateLimited", "other", "127.0.0.1:45130"],
    ["x509", "tls", "127.0.0.1:45131"],
    ["httpsToHttp", "tls", "127.0.0.1:45130"],
    ["noDaemon", "other", undefined],
  ] as const)("%s -> %s", (name, cause, endpoint) => {
    const info = classifyPullError(STDERR[name]);
    expect(info.cause).toBe(cause);
    expect(info.endpoint).toBe(endpoint);
    // Evidence: ctr's final line, without its prefix.
    const last = STDERR[name].split("\n").at(-1) as string;
    expect(info.evidence).toBe(last.replace(/^ctr: /, ""));
  });

  it("lists the hosts that answered 404", () => {
    expect(classifyPullError(STDERR.mirrorMissingUpstreamBlocked).notFoundOn).toEqual(["127.0.0.1:45124"]);
    expect(classifyPullError(STDERR.notFound).notFoundOn).toEqual(["127.0.0.1:45123"]);
    expect(classifyPullError(STDERR.mirrorDown).notFoundOn).toEqual([]);
  });

  it("keeps a 404 from a mirror out of it when the mirror was down (first error wins)", () => {
    expect(classifyPullError(STDERR.mirrorDown).cause).toBe("unreachable");
  });

  it("handles plain words, colours, empty input and overlong lines", () => {
    expect(classifyPullError("context deadline exceeded").cause).toBe("unreachable");
    expect(classifyPullError("ctr: manifest unknown: manifest unknown").cause).toBe("not-found");
    expect(classifyPullError("error: 403 Forbidden").cause).toBe("unauthorized");
    expect(
      classifyPullError(`\u001b[31mctr: x509: certificate signed by unknown authority\u001b[0m`),
    ).toMatchObject({
      cause: "tls",
      evidence: "x509: certificate signed by unknown authority",
    });
    expect(classifyPullError("")).toEqual({ cause: "other", evidence: "", notFoundOn: [] });
    expect(classifyPullError(`ctr: ${"x".repeat(1000)}`).evidence).toHaveLength(400);
  });

  it("tells a dead containerd from a dead registry", () => {
    expect(isRuntimeError(classifyPullError(STDERR.noDaemon).evidence)).toBe(true);
    expect(isRuntimeError(classifyPullError(STDERR.mirrorDown).evidence)).toBe(false);
  });
});

describe("ctr output parsing", () => {
  it("parses ctr's sizes, including its truncated total column", () => {
    expect(parseSize("405.0 B")).toBe(405);
    expect(parseSize("2.9 MiB")).toBe(Math.round(2.9 * 2 ** 20));
    expect(parseSize("1.0 Mi")).toBe(2 ** 20);
    expect(parseSize("405.0")).toBe(405);
    expect(parseSize("12.5 KiB")).toBe(12_800);
    expect(parseSize("lots")).toBeUndefined();
    expect(formatSize(Math.round(2.9 * 2 ** 20))).toBe("2.9 MiB");
    expect(formatSize(163)).toBe("163.0 B");
  });

  it("reads refs and sizes from `ctr images ls`", () => {
    const list = parseImageList(
      `${LS_HEADER}\n${lsLine(REF, "2.9 MiB")}\n${lsLine("sha256:968891fc", "512.0 KiB")}\n`,
    );
    expect([...list]).toEqual([
      [REF, Math.round(2.9 * 2 ** 20)],
      ["sha256:968891fc", 512 * 1024],
    ]);
    expect(parseImageList("REF TYPE DIGEST SIZE PLATFORMS LABELS \n").size).toBe(0);
  });

  it("follows the progress table and reports once per change", () => {
    const tracker = progressTracker();
    const seen = PROGRESS.map((l) => tracker.feed(l)).filter((p) => p !== undefined);
    const layer = Math.round(2.9 * 2 ** 20);
    expect(seen).toEqual([
      { bytesDone: 0, bytesTotal: 405 },
      { bytesDone: 405, bytesTotal: 405 + layer + 163 },
      { bytesDone: 405 + 2 ** 20 + 163, bytesTotal: 405 + layer + 163 },
      { bytesDone: 405 + layer + 163, bytesTotal: 405 + layer + 163 },
    ]);
  });
});

describe("pullImages", () => {
  it("pulls every image into k8s.io through the hosts.toml directory, in input order", async () => {
    const runner = new ScriptedRunner(handler(() => ({ stdout: "done: 1ms\n" })));
    const { opts, events } = options(runner);
    const results = await pullImages([...KUBE, "nginx"], opts);
    expect(results.map((r) => [r.image, r.status, r.attempts])).toEqual([
      ...KUBE.map((i) => [i, "pulled", 1]),
      ["nginx", "pulled", 1],
    ]);
    expect(results.at(-1)).toMatchObject({ ref: "docker.io/library/nginx:latest", registry: "docker.io" });
    expect(results[0]?.bytes).toBe(Math.round(2.9 * 2 ** 20));
    const pull = runner.calls.find((c) => isPull(c.argv));
    expect(pull?.argv).toEqual([
      ...["ctr", "--address", "/run/containerd/containerd.sock", "--namespace", "k8s.io"],
      ...["images", "pull", "--hosts-dir", "/etc/containerd/certs.d", KUBE[0]],
    ]);
    expect(pull?.opts.changes).toBe(true);
    // Listing changes nothing: it runs in dry-run too.
    expect(runner.calls[0]?.argv.slice(5)).toEqual(["images", "ls"]);
    expect(runner.calls.filter((c) => !isPull(c.argv)).every((c) => !c.opts.changes)).toBe(true);
    const apiserver = events.filter(([i]) => i === KUBE[0]).map(([, e]) => e);
    expect(apiserver).toEqual([
      { type: "started" },
      { type: "done", bytes: Math.round(2.9 * 2 ** 20), cached: false },
    ]);
  });

  it("skips images containerd already has and reports them as cached", async () => {
    const present = `${lsLine(KUBE[5] as string, "320.0 KiB")}\n${lsLine(KUBE[6] as string, "57.7 MiB")}\n`;
    const runner = new ScriptedRunner(handler(() => ({}), present));
    const { opts, events } = options(runner);
    const results = await pullImages(KUBE, opts);
    expect(results.map((r) => r.status)).toEqual([
      "pulled",
      "pulled",
      "pulled",
      "pulled",
      "pulled",
      "cached",
      "cached",
    ]);
    expect(results[5]).toMatchObject({ attempts: 0, bytes: 320 * 1024 });
    expect(runner.pulls).toEqual(KUBE.slice(0, 5));
    expect(events.filter(([i]) => i === KUBE[6]).map(([, e]) => e)).toEqual([
      { type: "done", bytes: Math.round(57.7 * 2 ** 20), cached: true },
    ]);
  });

  it("never runs more than `concurrency` pulls at once, and does use them all", async () => {
    const slow = () => new Promise<Reply>((r) => setTimeout(() => r({}), 15));
    for (const [concurrency, want] of [
      [undefined, 7], // default 8: all of kubeadm's 7 at once
      [2, 2],
      [1, 1],
      [20, 7],
    ] as const) {
      const runner = new ScriptedRunner(handler(slow));
      const { opts } = options(runner, concurrency === undefined ? {} : { concurrency });
      const results = await pullImages(KUBE, opts);
      expect(results.every((r) => r.status === "pulled")).toBe(true);
      expect(runner.maxInFlight, `concurrency ${concurrency}`).toBe(want);
    }
  });

  it("retries unreachable registries with exponential backoff", async () => {
    let n = 0;
    const runner = new ScriptedRunner(handler(() => (++n < 3 ? fail(STDERR.mirrorDown) : {})));
    const { opts, events, sleeps } = options(runner);
    const [r] = await pullImages([KUBE[0] as string], opts);
    expect(r).toMatchObject({ status: "pulled", attempts: 3 });
    expect(sleeps).toEqual([2_000, 4_000]);
    const retries = events.map(([, e]) => e).filter((e) => e.type === "retry");
    expect(retries).toEqual([
      {
        type: "retry",
        attempt: 2,
        of: 4,
        cause: "unreachable",
        delayMs: 2_000,
        reason: expect.stringContaining("refused"),
      },
      { type: "retry", attempt: 3, of: 4, cause: "unreachable", delayMs: 4_000, reason: expect.any(String) },
    ]);
  });

  it("gives up after `retries` more attempts, with the last error as evidence", async () => {
    const runner = new ScriptedRunner(handler(() => fail(STDERR.ioTimeout)));
    const { opts, events, sleeps } = options(runner, { retries: 2, backoffMs: 20_000 });
    const [r] = await pullImages([KUBE[0] as string], opts);
    expect(r).toMatchObject({ status: "failed", attempts: 3 });
    expect(sleeps).toEqual([20_000, 30_000]);
    expect(r?.failure).toMatchObject({
      image: KUBE[0],
      registry: "registry.aliyuncs.com",
      cause: "unreachable",
      endpoint: "registry.k8s.io",
      timedOut: false,
    });
    expect(r?.failure?.evidence).toContain("i/o timeout");
    expect(r?.failure?.command).toContain("ctr --address");
    expect(events.at(-1)?.[1]).toEqual({ type: "failed", failure: r?.failure });
  });

  it.each([
    ["not-found", STDERR.notFound],
    ["not-found", STDERR.mirrorMissingUpstreamBlocked],
    ["unauthorized", STDERR.tokenRefused],
    ["unauthorized", STDERR.hubDenied],
    ["tls", STDERR.x509],
  ])("does not retry %s", async (cause, stderr) => {
    const runner = new ScriptedRunner(handler(() => fail(stderr)));
    const { opts, sleeps } = options(runner);
    const [r] = await pullImages([KUBE[0] as string], opts);
    expect(r).toMatchObject({ status: "failed", attempts: 1, failure: { cause } });
    expect(sleeps).toEqual([]);
  });

  it("retries server errors and a stalled pull that hit the timeout", async () => {
    const replies: Reply[] = [fail(STDERR.serverError), { exitCode: 143, timedOut: true, stderr: "" }, {}];
    const runner = new ScriptedRunner(handler(() => replies.shift() ?? {}));
    const { opts, events } = options(runner, { timeoutMs: 90_000 });
    const [r] = await pullImages([KUBE[0] as string], opts);
    expect(r).toMatchObject({ status: "pulled", attempts: 3 });
    const reasons = events.flatMap(([, e]) => (e.type === "retry" ? [e.reason] : []));
    expect(reasons).toEqual([expect.stringContaining("500 Internal Server Error"), "no result after 90 s"]);
    expect(runner.calls.filter((c) => isPull(c.argv)).every((c) => c.opts.timeoutMs === 90_000)).toBe(true);
  });

  it("reports progress parsed from ctr's output lines", async () => {
    const runner = new ScriptedRunner(
      handler((_ref, _argv, o) => {
        for (const l of PROGRESS) o.onLine?.(l, "stdout");
        o.onLine?.("ctr: not a progress line", "stderr");
        return {};
      }),
    );
    const { opts, events } = options(runner);
    await pullImages([REF], opts);
    const progress = events.map(([, e]) => e).filter((e) => e.type === "progress");
    expect(progress).toHaveLength(4);
    const total = 405 + Math.round(2.9 * 2 ** 20) + 163;
    expect(progress.at(-1)).toEqual({ type: "progress", bytesDone: total, bytesTotal: total });
    // The last frame had every blob done: that is the size, containerd is not asked again.
    expect(events.map(([, e]) => e).find((e) => e.type === "done")).toEqual({
      type: "done",
      bytes: total,
      cached: false,
    });
    expect(runner.calls.filter((c) => c.argv.some((a) => a.startsWith("name==")))).toEqual([]);
  });

  it("a pull whose output had no complete frame: the size is asked from containerd", async () => {
    const runner = new ScriptedRunner(
      handler((_ref, _argv, o) => {
        for (const l of PROGRESS.slice(0, 13)) o.onLine?.(l, "stdout");
        return {};
      }),
    );
    const { opts, events } = options(runner);
    await pullImages([REF], opts);
    expect(runner.calls.filter((c) => c.argv.some((a) => a.startsWith("name==")))).toHaveLength(1);
    expect(events.map(([, e]) => e).find((e) => e.type === "done")).toEqual({
      type: "done",
      bytes: Math.round(2.9 * 2 ** 20),
      cached: false,
    });
  });

  it("dry run records the pulls (not the listing) and pulls nothing", async () => {
    const present = `${LS_HEADER}\n${lsLine(KUBE[5] as string, "320.0 KiB")}\n`;
    const dry = new ScriptedRunner((argv) => (isPull(argv) ? {} : { stdout: present }), true);
    const { opts, events } = options(dry);
    const results = await pullImages(KUBE, opts);
    expect(results.map((r) => r.status)).toEqual([...Array(5).fill("recorded"), "cached", "recorded"]);
    expect(dry.recorded).toEqual(
      KUBE.filter((_, i) => i !== 5).map(
        (ref) =>
          `ctr --address /run/containerd/containerd.sock --namespace k8s.io images pull --hosts-dir /etc/containerd/certs.d ${ref}`,
      ),
    );
    expect(dry.calls.filter((c) => !c.opts.changes)).toHaveLength(1);
    expect(events.filter(([, e]) => e.type === "recorded")).toHaveLength(6);
  });

  it("dry run without a running containerd still plans every pull", async () => {
    const dry = new ScriptedRunner((argv) => (isPull(argv) ? {} : fail(STDERR.noDaemon)), true);
    const results = await pullImages(KUBE.slice(0, 2), options(dry).opts);
    expect(results.map((r) => r.status)).toEqual(["recorded", "recorded"]);
    expect(dry.recorded).toHaveLength(2);
  });

  it("fails every image at once, without pulling, when containerd does not answer", async () => {
    const runner = new ScriptedRunner((argv) => (isPull(argv) ? {} : fail(STDERR.noDaemon)));
    const { opts, events } = options(runner);
    const results = await pullImages(KUBE.slice(0, 3), opts);
    expect(results.map((r) => [r.status, r.failure?.cause])).toEqual(Array(3).fill(["failed", "other"]));
    expect(results[0]?.failure?.evidence).toMatch(/^failed to dial "\/tmp\/exp\/nope.sock"/);
    expect(runner.pulls).toEqual([]);
    expect(events.map(([, e]) => e.type)).toEqual(["failed", "failed", "failed"]);
    const { hint } = explainPullResult(results[0] as PullResult, { address: opts.address });
    expect(hint?.key).toBe("pull.fix.runtime");
  });

  it("a socket the caller found dead: a flag, not an English sentence, picks the runtime fix", async () => {
    const runner = new ScriptedRunner(() => ({}));
    const { opts } = options(runner, { runtimeDown: true });
    const [r] = await pullImages([KUBE[0] as string], opts);
    expect(runner.calls).toEqual([]);
    expect(r?.failure).toMatchObject({ cause: "other", runtimeDown: true, evidence: "", command: "" });
    const { msg, hint } = explainPullResult(r as PullResult, { address: opts.address });
    expect(hint?.key).toBe("pull.fix.runtime");
    const render = (lang: "en" | "zh") => PULL_MESSAGES[msg.key][lang](msg.params ?? {});
    expect(render("en")).toBe(
      `cannot pull ${KUBE[0]}: nothing answers on the containerd socket ${opts.address}.`,
    );
    expect(render("zh")).toBe(`无法拉取 ${KUBE[0]}：containerd 套接字 ${opts.address} 无响应。`);
  });

  it("ctr's own dial error sets the flag too; a registry error does not", async () => {
    const dead = new ScriptedRunner(handler(() => fail(STDERR.noDaemon)));
    const [r] = await pullImages([KUBE[0] as string], options(dead).opts);
    expect(r?.failure?.runtimeDown).toBe(true);
    const down = new ScriptedRunner(handler(() => fail(STDERR.mirrorDown)));
    const [m] = await pullImages([KUBE[0] as string], options(down, { retries: 0 }).opts);
    expect(m?.failure?.runtimeDown).toBeUndefined();
  });

  it("does not retry when ctr is not installed", async () => {
    const runner = new ScriptedRunner(handler(() => ({ exitCode: 127, notFound: true })));
    const { opts, sleeps } = options(runner);
    const [r] = await pullImages([KUBE[0] as string], opts);
    expect(r).toMatchObject({
      status: "failed",
      attempts: 1,
      failure: { cause: "other", evidence: "ctr: not found" },
    });
    expect(sleeps).toEqual([]);
  });

  it("pulls the same reference once", async () => {
    const runner = new ScriptedRunner(handler(() => ({})));
    const results = await pullImages(
      ["pause:3.10", "docker.io/library/pause:3.10", KUBE[5] as string],
      options(runner).opts,
    );
    expect(runner.pulls).toEqual(["docker.io/library/pause:3.10", KUBE[5]]);
    expect(results.map((r) => [r.image, r.ref, r.status])).toEqual([
      ["pause:3.10", "docker.io/library/pause:3.10", "pulled"],
      ["docker.io/library/pause:3.10", "docker.io/library/pause:3.10", "pulled"],
      [KUBE[5], KUBE[5], "pulled"],
    ]);
  });

  it("throws for programming errors before running anything", async () => {
    const runner = new ScriptedRunner(handler(() => ({})));
    await expect(pullImages(["Not A Reference"], options(runner).opts)).rejects.toBeInstanceOf(
      InvalidReferenceError,
    );
    await expect(pullImages(KUBE, options(runner, { concurrency: 0 }).opts)).rejects.toBeInstanceOf(
      RangeError,
    );
    await expect(pullImages(KUBE, options(runner, { retries: -1 }).opts)).rejects.toBeInstanceOf(RangeError);
    await expect(pullImages(KUBE, options(runner, { address: "" }).opts)).rejects.toThrow(/address/);
    expect(runner.calls).toEqual([]);
  });

  it("rejects with the signal's reason when aborted, and stops pulling", async () => {
    const ac = new AbortController();
    const runner = new ScriptedRunner(
      handler(() => {
        ac.abort(new Error("interrupted"));
        return fail(STDERR.mirrorDown);
      }),
    );
    await expect(
      pullImages(KUBE, options(runner, { signal: ac.signal, concurrency: 1 }).opts),
    ).rejects.toThrow("interrupted");
    expect(runner.pulls).toHaveLength(1);
  });

  it("without an injected sleep, waits with a real timer that the signal cancels", async () => {
    const ac = new AbortController();
    const runner = new ScriptedRunner(handler(() => fail(STDERR.mirrorDown)));
    const { opts } = options(runner, { signal: ac.signal, backoffMs: 60_000 });
    delete opts.sleep;
    const pending = pullImages([KUBE[0] as string], opts);
    setTimeout(() => ac.abort(new Error("stop")), 20);
    await expect(pending).rejects.toThrow();
    expect(runner.pulls).toHaveLength(1);
  });
});

describe("pull messages", () => {
  const render = (
    m: { key: keyof typeof PULL_MESSAGES; params?: Record<string, string | number> },
    lang: "en" | "zh",
  ) => PULL_MESSAGES[m.key][lang](m.params ?? {});

  it.each([
    ["unreachable", STDERR.mirrorDown, "pull.fix.unreachable", /127\.0\.0\.1:45199/],
    [
      "not-found",
      STDERR.mirrorMissingUpstreamBlocked,
      "pull.fix.notFoundMirror",
      /not found on 127\.0\.0\.1:45124/,
    ],
    ["not-found", STDERR.blobMissing, "pull.fix.notFound", /does not have it/],
    ["unauthorized", STDERR.forbidden, "pull.fix.unauthorized", /refused access/],
    ["tls", STDERR.x509, "pull.fix.tls", /TLS connection to 127\.0\.0\.1:45131/],
    ["other", STDERR.serverError, "pull.fix.other", /500 Internal Server Error/],
  ])("explains %s in both languages, naming image and registry", async (cause, stderr, fix, en) => {
    const runner = new ScriptedRunner(handler(() => fail(stderr)));
    const [r] = await pullImages([KUBE[0] as string], options(runner, { retries: 0 }).opts);
    expect(r?.failure?.cause).toBe(cause);
    const { msg, hint } = explainPullResult(r as PullResult, { hostsDir: "/etc/containerd/certs.d/" });
    expect(hint?.key).toBe(fix);
    for (const lang of ["en", "zh"] as const) {
      const text = render(msg, lang);
      expect(text).toContain(KUBE[0]);
      expect(text).toContain("registry.aliyuncs.com");
      expect(render(hint as typeof msg, lang)).not.toMatch(/undefined/);
    }
    expect(render(msg, "en")).toMatch(en);
    if (fix !== "pull.fix.other") {
      expect(render(hint as typeof msg, "en")).toMatch(
        /\/etc\/containerd\/certs\.d\/registry\.aliyuncs\.com\/hosts\.toml|registry\.aliyuncs\.com|image name/,
      );
    }
  });

  it("has a message for every other outcome, and the retry and summary lines", async () => {
    const runner = new ScriptedRunner(handler(() => ({}), lsLine(KUBE[1] as string, "1.0 MiB")));
    const results = await pullImages(KUBE.slice(0, 2), options(runner).opts);
    expect(render(explainPullResult(results[0] as PullResult).msg, "en")).toBe(
      `${KUBE[0]} pulled (2.9 MiB).`,
    );
    expect(render(explainPullResult(results[1] as PullResult).msg, "zh")).toBe(
      `${KUBE[1]} 已存在（1.0 MiB）。`,
    );
    const recorded: PullResult = { ...(results[0] as PullResult), status: "recorded" };
    expect(render(explainPullResult(recorded).msg, "en")).toBe(`dry run: ${KUBE[0]} would be pulled.`);
    expect(render(summarisePulls(results), "en")).toBe("1 pulled, 1 already present, 0 failed.");
    expect(render(summarisePulls([recorded]), "zh")).toContain("待拉取 1 个");
    const retry = explainRetry("pause", {
      type: "retry",
      attempt: 2,
      of: 4,
      reason: "connection refused",
      cause: "unreachable",
      delayMs: 2_000,
    });
    expect(render(retry, "en")).toBe("retrying pause in 2 s (attempt 2 of 4): connection refused");
  });

  it("every pull. message renders in both languages", () => {
    for (const [key, entry] of Object.entries(PULL_MESSAGES)) {
      expect(key.startsWith("pull.")).toBe(true);
      const params = new Proxy({}, { get: () => "x" });
      expect(entry.en(params)).not.toBe("");
      expect(entry.zh(params)).not.toBe("");
    }
  });
});
