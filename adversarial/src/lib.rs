//! The adversarial corpus: inputs built to break a YAML linter (bombs, depth, size, bytes that
//! are not text, YAML's own traps, wrong shapes), written once as recipes so that every face
//! is tested on the same bytes. A recipe, not a file: the 50 MB cases cost nothing in the
//! repository, and the browser tests rebuild a case inside the page from its JavaScript
//! expression ([`Case::js`]) instead of sending megabytes over WebDriver.
//!
//! The answer each case must get is core's (`core/tests/adversarial.rs` snapshots it with its
//! peak memory); the CLI, the policy module in its host and the playground must give the same.

mod cases;

pub use cases::CASES;

/// A piece of a case's input.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    Text(&'static str),
    /// Bytes that need not be UTF-8.
    Bytes(&'static [u8]),
    /// The text, this many times over.
    Repeat(&'static str, usize),
    /// `n` bytes from a fixed-seed xorshift: the same garbage every run.
    Garbage(u64, usize),
    /// `n` numbered copies of a small Deployment (`{i}` is replaced by the copy's number).
    Deployments(usize),
}

/// One hostile input.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// A short id, also the file name the CLI test writes.
    pub name: &'static str,
    /// What it is, and the answer pullpolicy documents for it.
    pub about: &'static str,
    pub parts: &'static [Part],
}

/// The Deployment [`Part::Deployments`] repeats, about 1 KB as real ones are (labels, env,
/// resources, probes): two containers, one pinned with a policy, one `:latest` without.
const DEPLOYMENT: &str = "---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: team-a
  labels:
    app.kubernetes.io/name: app-{i}
    app.kubernetes.io/part-of: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: app-{i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-{i}
    spec:
      containers:
      - name: app
        image: registry.example.com/team/app:1.{i}
        imagePullPolicy: IfNotPresent
        env:
        - name: LOG_LEVEL
          value: info
        - name: DATABASE_URL
          value: postgres://db.team-a.svc:5432/shop
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 500m, memory: 256Mi}
        readinessProbe:
          httpGet: {path: /healthz, port: 8080}
      - name: proxy
        image: nginx:latest
        ports:
        - containerPort: 80
";

impl Case {
    /// The case's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for part in self.parts {
            match *part {
                Part::Text(text) => out.extend_from_slice(text.as_bytes()),
                Part::Bytes(bytes) => out.extend_from_slice(bytes),
                Part::Repeat(text, n) => {
                    out.reserve(text.len() * n);
                    (0..n).for_each(|_| out.extend_from_slice(text.as_bytes()));
                }
                Part::Garbage(seed, n) => {
                    let mut state = seed | 1;
                    out.extend((0..n).map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        (state >> 24) as u8
                    }));
                }
                Part::Deployments(n) => {
                    for i in 0..n {
                        out.extend_from_slice(DEPLOYMENT.replace("{i}", &i.to_string()).as_bytes());
                    }
                }
            }
        }
        out
    }

    /// The case as text, when it is UTF-8 (what a text box can hold).
    pub fn text(&self) -> Option<String> {
        String::from_utf8(self.bytes()).ok()
    }

    /// A JavaScript expression that evaluates to the case's text, built in the page; `None` for
    /// cases that are not text (a browser's text box holds only Unicode).
    pub fn js(&self) -> Option<String> {
        let mut pieces = Vec::new();
        for part in self.parts {
            pieces.push(match *part {
                Part::Text(text) => js_string(text),
                Part::Repeat(text, n) => format!("{}.repeat({n})", js_string(text)),
                Part::Deployments(n) => format!(
                    "Array.from({{length: {n}}}, (_, i) => {}.replaceAll('{{i}}', String(i))).join('')",
                    js_string(DEPLOYMENT)
                ),
                Part::Bytes(_) | Part::Garbage(..) => return None,
            });
        }
        Some(if pieces.is_empty() {
            "''".to_owned()
        } else {
            pieces.join(" + ")
        })
    }

    /// The case's size in bytes, without building it.
    pub fn len(&self) -> usize {
        self.parts
            .iter()
            .map(|part| match *part {
                Part::Text(text) => text.len(),
                Part::Bytes(bytes) => bytes.len(),
                Part::Repeat(text, n) => text.len() * n,
                Part::Garbage(_, n) => n,
                Part::Deployments(n) => {
                    let placeholders = DEPLOYMENT.matches("{i}").count();
                    let digits: usize = (0..n).map(|i| i.to_string().len()).sum();
                    n * (DEPLOYMENT.len() - 3 * placeholders) + placeholders * digits
                }
            })
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A JSON string literal is a JavaScript string literal.
fn js_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
