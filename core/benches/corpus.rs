//! A deterministic, realistic multi-document manifest stream for the benchmarks, and what the
//! benchmarks count in it.
//!
//! The mix is what a cluster dump or a `helm template` of a few hundred charts looks like:
//! workloads of every kind pullpolicy knows (Deployments, StatefulSets, DaemonSets, Jobs,
//! CronJobs, Pods with ephemeral containers and image volumes, Argo Rollouts, `v1 List`s) and the
//! objects around them (ConfigMaps with block scalars, Services, ServiceAccounts, Secrets), with
//! images of every reference style, with and without `imagePullPolicy`, env, resources, probes,
//! labels, annotations and comments. Same `objects`, same bytes: the generator is a fixed-seed
//! xorshift, no external crates.
//!
//! A module of the `resolve` and `lint` benches (`mod corpus;`), not a bench of its own
//! (`autobenches = false`); its sanity checks run in those benches, also under `cargo test`.

use granit_parser::{Event, Parser};
use pullpolicy_core::yaml::{self, Limits};

/// Every parser event of `text` with granit-parser, nothing kept: the floor any consumer of
/// our parser pays. Returns how many there were.
pub fn parse_events(text: &str) -> usize {
    let mut parser = Parser::new_from_str(text);
    let mut events = 0;
    loop {
        match parser.next_event() {
            None | Some(Ok((Event::StreamEnd, _))) => break,
            Some(event) => {
                let _ = std::hint::black_box(event);
                events += 1;
            }
        }
    }
    events
}

/// Objects in the stream: a document, or each item of a `*List` document.
pub fn count_objects(text: &str) -> usize {
    yaml::documents(text, &Limits::DEFAULT)
        .filter_map(Result::ok)
        .map(|doc| {
            let Some(root) = doc.root else { return 0 };
            let is_list = doc
                .value(root, "kind")
                .and_then(|k| doc.str(k))
                .is_some_and(|k| k.ends_with("List"));
            match doc.value(root, "items").and_then(|i| doc.sequence(i)) {
                Some(items) if is_list => items.len(),
                _ => 1,
            }
        })
        .sum()
}

/// A stream of `objects` top-level documents (a `List` counts as one, whatever its items).
pub fn corpus(objects: usize) -> String {
    let mut g = Gen {
        rng: Rng(0x9E37_79B9_7F4A_7C15),
        out: Out::default(),
        serial: 0,
        indent_seqs: true,
    };
    for _ in 0..objects {
        g.out.buf.push_str("---\n");
        g.object(true);
    }
    g.out.buf
}

/// xorshift64*: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// In `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn hex(&mut self, len: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        (0..len).map(|_| HEX[self.below(16)] as char).collect()
    }

    fn base64(&mut self, len: usize) -> String {
        const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s: String = (0..len).map(|_| B64[self.below(64)] as char).collect();
        while !s.len().is_multiple_of(4) {
            s.push('=');
        }
        s
    }
}

#[derive(Default)]
struct Out {
    buf: String,
}

impl Out {
    /// One line at `depth` levels of two-space indentation.
    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.buf.push_str("  ");
        }
        self.buf.push_str(text);
        self.buf.push('\n');
    }
}

const TEAMS: &[&str] = &[
    "payments",
    "checkout",
    "inventory",
    "search",
    "auth",
    "billing",
    "catalog",
    "gateway",
    "notifications",
    "orders",
    "reporting",
    "ledger",
    "profile",
    "recommendation",
    "shipping",
    "metrics",
    "ingest",
    "scheduler",
];
const ROLES: &[&str] = &[
    "api", "worker", "web", "consumer", "sync", "proxy", "cache", "indexer",
];
const NAMESPACES: &[&str] = &[
    "default",
    "prod",
    "staging",
    "team-a",
    "payments",
    "platform",
    "monitoring",
    "kube-system",
    "data",
];
/// The reference styles the issue names, verbatim, plus well-known public images.
const WELL_KNOWN: &[&str] = &[
    "nginx",
    "nginx:1.25",
    "registry.example.com:5000/team/app:v1.2.3",
    "localhost:5000/dev",
    "busybox",
    "busybox:1.36",
    "redis:7.2-alpine",
    "postgres:16",
    "docker.io/library/alpine:3.19",
    "gcr.io/distroless/static:nonroot",
    "quay.io/prometheus/node-exporter:v1.7.0",
    "registry.k8s.io/pause:3.9",
    "mcr.microsoft.com/dotnet/aspnet:8.0",
    "public.ecr.aws/nginx/nginx:stable",
];
const REGISTRIES: &[&str] = &[
    "",
    "",
    "",
    "docker.io/",
    "ghcr.io/org/",
    "registry.example.com:5000/",
    "localhost:5000/",
    "quay.io/team/",
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/",
    "europe-docker.pkg.dev/acme-prod/containers/",
    "harbor.internal.acme.io/platform/",
];
const TAGS: &[&str] = &[
    "1.25",
    "v1.2.3",
    "latest",
    "3.19",
    "2024.05.01-abc1234",
    "stable",
    "1.25.3-alpine",
    "v0.42.0",
    "main",
    "8.0-jammy",
];
const POLICIES: &[&str] = &["Always", "IfNotPresent", "Never"];

struct Gen {
    rng: Rng,
    out: Out,
    serial: usize,
    /// `helm template` indents block sequences under their key; `kubectl get -o yaml` does not.
    indent_seqs: bool,
}

impl Gen {
    /// Depth of the `- ` of a block sequence whose key is at `key_depth`.
    fn item(&self, key_depth: usize) -> usize {
        key_depth + usize::from(self.indent_seqs)
    }

    fn name(&mut self) -> (String, String) {
        self.serial += 1;
        let app = format!("{}-{}", self.rng.pick(TEAMS), self.rng.pick(ROLES));
        let name = format!("{app}-{}", self.serial);
        (app, name)
    }

    /// A quoted or plain scalar, as people and tools write them.
    fn quoted(&mut self, s: &str) -> String {
        match self.rng.below(10) {
            0..=6 => s.to_owned(),
            7 | 8 => format!("\"{s}\""),
            _ => format!("'{s}'"),
        }
    }

    fn image(&mut self) -> String {
        let r = self.rng.below(100);
        if r < 20 {
            return self.rng.pick(WELL_KNOWN).to_owned();
        }
        if r < 22 {
            // Digest-pinned with a tag, as `kustomize edit set image` writes it.
            return format!("app:latest@sha256:{}", self.rng.hex(64));
        }
        if r < 23 {
            // The occasional mistake: an upper-case repository or a dangling colon.
            return self
                .rng
                .pick(&["MyApp:1.0", "ghcr.io/Org/App", "nginx:latest:1"])
                .to_owned();
        }
        let registry = self.rng.pick(REGISTRIES);
        let repo = format!("{}-{}", self.rng.pick(TEAMS), self.rng.pick(ROLES));
        let suffix = match self.rng.below(100) {
            0..=14 => String::new(),
            15..=69 => format!(":{}", self.rng.pick(TAGS)),
            70..=84 => format!("@sha256:{}", self.rng.hex(64)),
            _ => format!(":{}@sha256:{}", self.rng.pick(TAGS), self.rng.hex(64)),
        };
        format!("{registry}{repo}{suffix}")
    }

    /// An `imagePullPolicy` line body, or `None` for "leave it to the defaulting".
    fn policy(&mut self) -> Option<&'static str> {
        match self.rng.below(100) {
            0..=39 => None,
            40..=59 => Some(POLICIES[0]),
            60..=89 => Some(POLICIES[1]),
            _ => Some(POLICIES[2]),
        }
    }

    fn object(&mut self, top_level: bool) {
        self.indent_seqs = self.rng.chance(60);
        if top_level && self.rng.chance(35) {
            let chart = self.rng.pick(TEAMS);
            let file = self
                .rng
                .pick(&["deployment", "service", "configmap", "workload"]);
            self.out
                .line(0, &format!("# Source: {chart}/templates/{file}.yaml"));
        }
        let r = self.rng.below(100);
        match r {
            0..=26 => self.workload("apps/v1", "Deployment"),
            27..=33 => self.workload("apps/v1", "StatefulSet"),
            34..=37 => self.workload("apps/v1", "DaemonSet"),
            38..=41 => self.workload("batch/v1", "Job"),
            42..=45 => self.workload("batch/v1", "CronJob"),
            46..=53 => self.pod(),
            54..=57 => self.workload("argoproj.io/v1alpha1", "Rollout"),
            58..=60 if top_level => self.list(),
            58..=71 => self.config_map(),
            72..=84 => self.service(),
            85..=91 => self.service_account(),
            _ => self.secret(),
        }
    }

    fn metadata(&mut self, depth: usize, app: &str, name: &str, namespaced: bool) {
        let o = &mut self.out;
        o.line(depth, "metadata:");
        o.line(depth + 1, &format!("name: {name}"));
        if namespaced && self.rng.chance(85) {
            let ns = self.rng.pick(NAMESPACES);
            self.out.line(depth + 1, &format!("namespace: {ns}"));
        }
        self.labels(depth + 1, app);
        if self.rng.chance(40) {
            let o = &mut self.out;
            o.line(depth + 1, "annotations:");
            o.line(depth + 2, &format!("meta.helm.sh/release-name: {app}"));
            o.line(depth + 2, "meta.helm.sh/release-namespace: prod");
            if self.rng.chance(30) {
                let rev = self.rng.range(1, 40);
                self.out.line(
                    depth + 2,
                    &format!("deployment.kubernetes.io/revision: \"{rev}\""),
                );
            }
        }
    }

    fn labels(&mut self, depth: usize, app: &str) {
        let version = self.rng.pick(TAGS);
        let o = &mut self.out;
        o.line(depth, "labels:");
        o.line(depth + 1, &format!("app.kubernetes.io/name: {app}"));
        o.line(
            depth + 1,
            &format!("app.kubernetes.io/version: \"{version}\""),
        );
        o.line(depth + 1, "app.kubernetes.io/managed-by: Helm");
        if self.rng.chance(50) {
            let team = self.rng.pick(TEAMS);
            self.out.line(depth + 1, &format!("team: {team}"));
        }
    }

    /// Any kind with a pod template: the pod spec path depends on the kind.
    fn workload(&mut self, api_version: &str, kind: &str) {
        let (app, name) = self.name();
        self.out.line(0, &format!("apiVersion: {api_version}"));
        self.out.line(0, &format!("kind: {kind}"));
        self.metadata(0, &app, &name, true);
        self.out.line(0, "spec:");
        let template_depth = match kind {
            "CronJob" => {
                let minute = self.rng.below(60);
                let o = &mut self.out;
                o.line(1, &format!("schedule: \"{minute} */6 * * *\""));
                o.line(1, "concurrencyPolicy: Forbid");
                o.line(1, "successfulJobsHistoryLimit: 3");
                o.line(1, "jobTemplate:");
                o.line(2, "spec:");
                o.line(3, "backoffLimit: 2");
                3
            }
            "Job" => {
                let o = &mut self.out;
                o.line(1, "backoffLimit: 4");
                o.line(1, "ttlSecondsAfterFinished: 3600");
                1
            }
            _ => {
                if kind != "DaemonSet" {
                    let replicas = self.rng.range(1, 12);
                    let comment = if self.rng.chance(20) {
                        "  # managed by the HPA"
                    } else {
                        ""
                    };
                    self.out.line(1, &format!("replicas: {replicas}{comment}"));
                }
                let o = &mut self.out;
                o.line(1, "revisionHistoryLimit: 10");
                o.line(1, "selector:");
                o.line(2, "matchLabels:");
                o.line(3, &format!("app.kubernetes.io/name: {app}"));
                match kind {
                    "StatefulSet" => {
                        o.line(1, &format!("serviceName: {app}-headless"));
                        o.line(1, "podManagementPolicy: Parallel");
                    }
                    "DaemonSet" => {
                        o.line(1, "updateStrategy:");
                        o.line(2, "type: RollingUpdate");
                        o.line(2, "rollingUpdate: {maxUnavailable: 1}");
                    }
                    "Rollout" => {
                        o.line(1, "strategy:");
                        o.line(2, "canary:");
                        o.line(3, "steps:");
                        let d = self.item(3);
                        let o = &mut self.out;
                        o.line(d, "- setWeight: 20");
                        o.line(d, "- pause: {duration: 10m}");
                        o.line(d, "- setWeight: 60");
                        o.line(d, "- pause: {}");
                    }
                    _ => {
                        o.line(1, "strategy:");
                        o.line(2, "type: RollingUpdate");
                        o.line(2, "rollingUpdate:");
                        o.line(3, "maxSurge: 25%");
                        o.line(3, "maxUnavailable: 0");
                    }
                }
                1
            }
        };
        let d = template_depth;
        self.out.line(d, "template:");
        self.out.line(d + 1, "metadata:");
        self.labels(d + 2, &app);
        if self.rng.chance(50) {
            let port = self.rng.pick(&["9090", "8080", "9102"]);
            let o = &mut self.out;
            o.line(d + 2, "annotations:");
            o.line(d + 3, "prometheus.io/scrape: \"true\"");
            o.line(d + 3, &format!("prometheus.io/port: \"{port}\""));
        }
        self.out.line(d + 1, "spec:");
        let batch = matches!(kind, "Job" | "CronJob");
        self.pod_spec(d + 2, &app, batch, false);
        if kind == "StatefulSet" {
            let size = self.rng.pick(&["1Gi", "10Gi", "50Gi"]);
            let i = self.item(1);
            let o = &mut self.out;
            o.line(1, "volumeClaimTemplates:");
            o.line(i, "- metadata:");
            o.line(i + 1, "name: data");
            o.line(i + 1, "spec:");
            o.line(i + 2, "accessModes: [\"ReadWriteOnce\"]");
            o.line(i + 2, "resources:");
            o.line(i + 3, "requests:");
            o.line(i + 4, &format!("storage: {size}"));
        }
    }

    fn pod(&mut self) {
        let (app, name) = self.name();
        self.out.line(0, "apiVersion: v1");
        self.out.line(0, "kind: Pod");
        self.metadata(0, &app, &name, true);
        self.out.line(0, "spec:");
        self.pod_spec(1, &app, false, true);
        if self.rng.chance(30) {
            self.out.line(0, "status:");
            self.out.line(1, "phase: Running");
            self.out.line(1, "qosClass: Burstable");
        }
    }

    /// The fields of a pod spec, at `depth`.
    fn pod_spec(&mut self, depth: usize, app: &str, batch: bool, bare_pod: bool) {
        let d = depth;
        if batch {
            let restart = self.rng.pick(&["Never", "OnFailure"]);
            self.out.line(d, &format!("restartPolicy: {restart}"));
        }
        if self.rng.chance(60) {
            self.out.line(d, &format!("serviceAccountName: {app}"));
        }
        if self.rng.chance(30) {
            let i = self.item(d);
            self.out.line(d, "imagePullSecrets:");
            self.out.line(i, "- name: regcred");
        }
        if self.rng.chance(50) {
            let o = &mut self.out;
            o.line(d, "securityContext:");
            o.line(d + 1, "runAsNonRoot: true");
            o.line(d + 1, "runAsUser: 10001");
            o.line(d + 1, "fsGroup: 2000");
            o.line(d + 1, "seccompProfile:");
            o.line(d + 2, "type: RuntimeDefault");
        }
        if self.rng.chance(35) {
            let n = self.rng.range(1, 2);
            self.out.line(d, "initContainers:");
            for k in 0..n {
                let name = if k == 0 { "wait-for-db" } else { "migrate" };
                self.container(d, name, false);
            }
        }
        let n = match self.rng.below(100) {
            0..=54 => 1,
            55..=84 => 2,
            85..=94 => 3,
            _ => 4,
        };
        self.out.line(d, "containers:");
        for k in 0..n {
            let name = match k {
                0 => "app",
                1 => self.rng.pick(&["istio-proxy", "log-shipper", "sidecar"]),
                2 => "metrics-exporter",
                _ => "config-reloader",
            };
            self.container(d, name, k == 0);
        }
        if bare_pod && self.rng.chance(40) {
            // What `kubectl debug` leaves behind.
            let i = self.item(d);
            let image = self.image();
            let image = self.quoted(&image);
            let suffix = self.rng.hex(5);
            let o = &mut self.out;
            o.line(d, "ephemeralContainers:");
            o.line(i, &format!("- name: debugger-{suffix}"));
            o.line(i + 1, &format!("image: {image}"));
            o.line(i + 1, "targetContainerName: app");
            o.line(i + 1, "stdin: true");
            o.line(i + 1, "tty: true");
            if let Some(p) = self.policy() {
                self.out.line(i + 1, &format!("imagePullPolicy: {p}"));
            }
        }
        self.volumes(d, app, bare_pod);
        if self.rng.chance(40) {
            self.out.line(d, "nodeSelector:");
            self.out.line(d + 1, "kubernetes.io/os: linux");
        }
        if self.rng.chance(25) {
            let i = self.item(d);
            let o = &mut self.out;
            o.line(d, "tolerations:");
            o.line(i, "- key: dedicated");
            o.line(i + 1, "operator: Equal");
            o.line(i + 1, "value: batch");
            o.line(i + 1, "effect: NoSchedule");
        }
        if self.rng.chance(20) {
            let o = &mut self.out;
            o.line(d, "affinity:");
            o.line(d + 1, "podAntiAffinity:");
            o.line(d + 2, "preferredDuringSchedulingIgnoredDuringExecution:");
            o.line(d + 3, "- weight: 100");
            o.line(d + 4, "podAffinityTerm:");
            o.line(d + 5, "topologyKey: kubernetes.io/hostname");
            o.line(d + 5, "labelSelector:");
            o.line(d + 6, "matchLabels:");
            o.line(d + 7, &format!("app.kubernetes.io/name: {app}"));
        }
        if self.rng.chance(30) {
            self.out.line(d, "terminationGracePeriodSeconds: 30");
        }
    }

    fn volumes(&mut self, d: usize, app: &str, bare_pod: bool) {
        let image_volumes = if bare_pod && self.rng.chance(35) {
            self.rng.range(1, 2)
        } else {
            0
        };
        let config = self.rng.chance(60);
        if !config && image_volumes == 0 {
            return;
        }
        let i = self.item(d);
        self.out.line(d, "volumes:");
        if config {
            let o = &mut self.out;
            o.line(i, "- name: config");
            o.line(i + 1, "configMap:");
            o.line(i + 2, &format!("name: {app}"));
            o.line(i, "- name: tmp");
            o.line(i + 1, "emptyDir: {}");
        }
        for k in 0..image_volumes {
            let reference = self.image();
            let policy = self.policy();
            if self.rng.chance(50) {
                let policy = policy.map_or(String::new(), |p| format!(", pullPolicy: {p}"));
                self.out.line(
                    i,
                    &format!(
                        "- {{name: model-{k}, image: {{reference: \"{reference}\"{policy}}}}}"
                    ),
                );
            } else {
                let o = &mut self.out;
                o.line(i, &format!("- name: model-{k}"));
                o.line(i + 1, "image:");
                o.line(i + 2, &format!("reference: {reference}"));
                if let Some(p) = policy {
                    o.line(i + 2, &format!("pullPolicy: {p}"));
                }
            }
        }
    }

    /// One container, its `- ` under a list key at `key_depth`.
    fn container(&mut self, key_depth: usize, name: &str, main: bool) {
        let i = self.item(key_depth);
        let f = i + 1;
        let image = self.image();
        let image = self.quoted(&image);
        if self.rng.chance(8) {
            // Flow style, as generators and `kubectl create --dry-run -o yaml | yq` emit it.
            let policy = self
                .policy()
                .map_or(String::new(), |p| format!(", imagePullPolicy: {p}"));
            self.out.line(
                i,
                &format!("- {{name: {name}, image: {image}{policy}, args: [\"--v=2\"]}}"),
            );
            return;
        }
        self.out.line(i, &format!("- name: {name}"));
        self.out.line(f, &format!("image: {image}"));
        if let Some(p) = self.policy() {
            let p = self.quoted(p);
            let comment = if self.rng.chance(10) {
                "  # see SEC-1234"
            } else {
                ""
            };
            self.out.line(f, &format!("imagePullPolicy: {p}{comment}"));
        }
        if !main {
            if self.rng.chance(60) {
                let c = self.item(f);
                let o = &mut self.out;
                o.line(f, "command:");
                o.line(c, "- /bin/sh");
                o.line(c, "- -c");
                o.line(c, "- until nc -z db 5432; do echo waiting; sleep 2; done");
            }
            self.resources(f);
            return;
        }
        if self.rng.chance(50) {
            self.out.line(f, "args:");
            let a = self.item(f);
            let port = self.rng.pick(&["8080", "8443", "3000"]);
            self.out.line(a, &format!("- --port={port}"));
            self.out.line(a, "- --log-format=json");
        }
        let a = self.item(f);
        let o = &mut self.out;
        o.line(f, "ports:");
        o.line(a, "- name: http");
        o.line(a + 1, "containerPort: 8080");
        o.line(a + 1, "protocol: TCP");
        let envs = self.rng.range(0, 8);
        if envs > 0 {
            self.out.line(f, "env:");
            for e in 0..envs {
                match self.rng.below(4) {
                    0 => {
                        let o = &mut self.out;
                        o.line(a, "- name: POD_NAME");
                        o.line(a + 1, "valueFrom:");
                        o.line(a + 2, "fieldRef:");
                        o.line(a + 3, "fieldPath: metadata.name");
                    }
                    1 => {
                        let o = &mut self.out;
                        o.line(a, &format!("- name: DB_PASSWORD_{e}"));
                        o.line(a + 1, "valueFrom:");
                        o.line(a + 2, "secretKeyRef: {name: db-credentials, key: password}");
                    }
                    _ => {
                        let value = self.rng.pick(&[
                            "info",
                            "\"8080\"",
                            "'true'",
                            "https://api.example.com/v2",
                            "\"-Xmx512m -XX:+UseG1GC\"",
                        ]);
                        let o = &mut self.out;
                        o.line(a, &format!("- name: SETTING_{e}"));
                        o.line(a + 1, &format!("value: {value}"));
                    }
                }
            }
        }
        if self.rng.chance(30) {
            let o = &mut self.out;
            o.line(f, "envFrom:");
            o.line(a, "- configMapRef:");
            o.line(a + 2, "name: shared-settings");
        }
        self.resources(f);
        for probe in ["livenessProbe", "readinessProbe"] {
            if self.rng.chance(60) {
                let o = &mut self.out;
                o.line(f, &format!("{probe}:"));
                o.line(f + 1, "httpGet:");
                o.line(f + 2, "path: /healthz");
                o.line(f + 2, "port: http");
                o.line(f + 1, "initialDelaySeconds: 10");
                o.line(f + 1, "periodSeconds: 10");
                o.line(f + 1, "failureThreshold: 3");
            }
        }
        if self.rng.chance(50) {
            let o = &mut self.out;
            o.line(f, "volumeMounts:");
            o.line(a, "- name: config");
            o.line(a + 1, "mountPath: /etc/app");
            o.line(a + 1, "readOnly: true");
        }
        if self.rng.chance(40) {
            let o = &mut self.out;
            o.line(f, "securityContext:");
            o.line(f + 1, "allowPrivilegeEscalation: false");
            o.line(f + 1, "readOnlyRootFilesystem: true");
            o.line(f + 1, "capabilities:");
            o.line(f + 2, "drop: [\"ALL\"]");
        }
    }

    fn resources(&mut self, f: usize) {
        if !self.rng.chance(75) {
            return;
        }
        let cpu = self.rng.pick(&["50m", "100m", "250m", "500m", "1"]);
        let mem = self.rng.pick(&["64Mi", "128Mi", "256Mi", "512Mi", "1Gi"]);
        let o = &mut self.out;
        o.line(f, "resources:");
        o.line(f + 1, "requests:");
        o.line(f + 2, &format!("cpu: {cpu}"));
        o.line(f + 2, &format!("memory: {mem}"));
        o.line(f + 1, "limits:");
        o.line(f + 2, &format!("memory: {mem}"));
    }

    /// A `v1 List` of a few objects, as `kubectl get -o yaml` prints several.
    fn list(&mut self) {
        let o = &mut self.out;
        o.line(0, "apiVersion: v1");
        o.line(0, "kind: List");
        o.line(0, "metadata:");
        o.line(1, "resourceVersion: \"\"");
        o.line(0, "items:");
        let n = self.rng.range(2, 5);
        for _ in 0..n {
            let outer = std::mem::take(&mut self.out);
            self.object(false);
            let item = std::mem::replace(&mut self.out, outer);
            for (k, line) in item.buf.lines().enumerate() {
                let prefix = if k == 0 { "- " } else { "  " };
                if line.is_empty() {
                    self.out.buf.push('\n');
                } else {
                    self.out.buf.push_str(prefix);
                    self.out.buf.push_str(line);
                    self.out.buf.push('\n');
                }
            }
        }
    }

    fn config_map(&mut self) {
        let (app, name) = self.name();
        self.out.line(0, "apiVersion: v1");
        self.out.line(0, "kind: ConfigMap");
        self.metadata(0, &app, &name, true);
        self.out.line(0, "data:");
        self.out.line(1, "LOG_LEVEL: info");
        self.out
            .line(1, "FEATURE_FLAGS: \"checkout-v2,fast-search\"");
        self.out.line(1, "app.properties: |");
        for k in 0..self.rng.range(4, 30) {
            let v = self.rng.hex(12);
            self.out.line(2, &format!("{app}.setting.{k}={v}"));
        }
        if self.rng.chance(50) {
            let o = &mut self.out;
            o.line(1, "nginx.conf: |-");
            o.line(2, "server {");
            o.line(3, "listen 8080;");
            o.line(3, "location / {");
            o.line(4, "proxy_pass http://127.0.0.1:3000;");
            o.line(4, "proxy_set_header Host $host;  # keep the original host");
            o.line(3, "}");
            o.line(2, "}");
        }
        if self.rng.chance(30) {
            let o = &mut self.out;
            o.line(1, "description: >");
            o.line(2, "Settings shared by every replica of the service.");
            o.line(
                2,
                "Changing them restarts the pods through the checksum annotation.",
            );
        }
    }

    fn service(&mut self) {
        let (app, name) = self.name();
        self.out.line(0, "apiVersion: v1");
        self.out.line(0, "kind: Service");
        self.metadata(0, &app, &name, true);
        let ty = self
            .rng
            .pick(&["ClusterIP", "ClusterIP", "NodePort", "LoadBalancer"]);
        let i = self.item(1);
        let o = &mut self.out;
        o.line(0, "spec:");
        o.line(1, &format!("type: {ty}"));
        o.line(1, "selector:");
        o.line(2, &format!("app.kubernetes.io/name: {app}"));
        o.line(1, "ports:");
        o.line(i, "- name: http");
        o.line(i + 1, "port: 80");
        o.line(i + 1, "targetPort: http");
        o.line(i + 1, "protocol: TCP");
    }

    fn service_account(&mut self) {
        let (app, name) = self.name();
        self.out.line(0, "apiVersion: v1");
        self.out.line(0, "kind: ServiceAccount");
        self.metadata(0, &app, &name, true);
        let i = self.item(0);
        let o = &mut self.out;
        o.line(0, "automountServiceAccountToken: false");
        o.line(0, "imagePullSecrets:");
        o.line(i, "- name: regcred");
        o.line(i, "- name: ghcr-pull");
    }

    fn secret(&mut self) {
        let (app, name) = self.name();
        self.out.line(0, "apiVersion: v1");
        self.out.line(0, "kind: Secret");
        self.metadata(0, &app, &name, true);
        self.out.line(0, "type: Opaque");
        self.out.line(0, "data:");
        for key in ["username", "password", "api-key"] {
            let len = self.rng.range(12, 48);
            let v = self.rng.base64(len);
            self.out.line(1, &format!("{key}: {v}"));
        }
    }
}
